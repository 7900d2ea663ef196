import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ALL_SCOPES, ApiScope } from '../access-tokens';

export class AuthorizeQuery {
  @ApiPropertyOptional({
    example: 'https://app.example.com/kroger/linked',
    description: 'Where to send the browser back; must be in ALLOWED_RETURN_URLS',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  returnTo?: string;

  @ApiPropertyOptional({ example: 'ralphs', description: "Brand the consent page for one of Kroger's banners" })
  @IsOptional()
  @Matches(/^[a-z0-9]{2,32}$/, { message: 'banner must be a Kroger banner name such as kroger or ralphs' })
  banner?: string;
}

export class SessionRequest {
  @ApiProperty({ description: 'The one-time code from the linking redirect', example: 'kbc_…' })
  @IsString()
  @Matches(/^kbc_[A-Za-z0-9_-]{20,100}$/, { message: 'code must be the one-time code from the linking redirect' })
  code!: string;
}

export class RefreshRequest {
  @ApiProperty({ example: 'kbr_…' })
  @IsString()
  @Matches(/^kbr_[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken must be a refresh token from this service' })
  refreshToken!: string;
}

export class LogoutRequest {
  @ApiPropertyOptional({ description: 'Ends the session of this refresh token (when the access token has expired)' })
  @IsOptional()
  @Matches(/^kbr_[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken must be a refresh token from this service' })
  refreshToken?: string;
}

export class SessionTokensDto {
  @ApiProperty({ example: 'kbt_…', description: 'Short-lived; send as Authorization: Bearer' })
  accessToken!: string;

  @ApiProperty({
    example: 'kbr_…',
    description: 'Single use: each refresh returns a new one; reusing an old one ends the session',
  })
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;
}

export class CreateApiTokenRequest {
  @ApiProperty({ example: 'Claude desktop' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ALL_SCOPES, isArray: true, example: ['read', 'cart:write'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true, message: `each scope must be one of ${ALL_SCOPES.join(', ')}` })
  scopes!: ApiScope[];

  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Expiry in days; none when omitted' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ALL_SCOPES, isArray: true })
  scopes!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ example: 'kbp_…', description: 'Shown only now; store it safely' })
  token!: string;
}

export class KrogerLinkDto {
  @ApiProperty({ enum: ['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED'] })
  status!: string;

  @ApiProperty({ description: "Kroger's profile id" })
  profileId!: string;

  @ApiProperty({ type: [String], example: ['product.compact', 'cart.basic:write', 'profile.compact'] })
  scopes!: string[];

  @ApiProperty({ format: 'date-time' })
  linkedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastRefreshedAt!: string | null;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ enum: ['session', 'api_token'] })
  authenticatedWith!: string;

  @ApiProperty({ enum: ALL_SCOPES, isArray: true })
  scopes!: string[];

  @ApiProperty({ type: KrogerLinkDto, nullable: true })
  krogerLink!: KrogerLinkDto | null;
}
