import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

export const LOCATION_ID = /^[A-Za-z0-9]{8}$/;
export const LOCATION_ID_MESSAGE = 'locationId must be 8 letters or digits, e.g. 01400943';

export class FindStoresQuery {
  @ApiPropertyOptional({
    example: '45202',
    description: 'Near this ZIP code (one starting point: zipCode, latLong, or lat and lon)',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'zipCode must be 5 digits' })
  zipCode?: string;

  @ApiPropertyOptional({ example: '39.1031,-84.512' })
  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$/, {
    message: 'latLong must be "latitude,longitude", e.g. 39.1031,-84.512',
  })
  latLong?: string;

  @ApiPropertyOptional({ example: 39.1031 })
  @ValidateIf((q: FindStoresQuery) => q.lat !== undefined || q.lon !== undefined)
  @Type(() => Number)
  @IsLatitude({ message: 'lat must be a latitude between -90 and 90, sent together with lon' })
  lat?: number;

  @ApiPropertyOptional({ example: -84.512 })
  @ValidateIf((q: FindStoresQuery) => q.lat !== undefined || q.lon !== undefined)
  @Type(() => Number)
  @IsLongitude({ message: 'lon must be a longitude between -180 and 180, sent together with lat' })
  lon?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'radiusInMiles must be a whole number' })
  @Min(1, { message: 'radiusInMiles must be between 1 and 100' })
  @Max(100, { message: 'radiusInMiles must be between 1 and 100' })
  radiusInMiles?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ example: 'KROGER', description: 'Chain name, any case' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 ']{2,40}$/, { message: 'chain must be a chain name such as KROGER or RALPHS' })
  chain?: string;

  @ApiPropertyOptional({ example: '09,94', description: 'Department ids the store must all have' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z0-9]{2}(,[A-Z0-9]{2})*$/, {
    message: 'department must be comma-separated two-character department ids, e.g. 09,94',
  })
  department?: string;
}

export class SetPreferredLocationRequest {
  @ApiProperty({ example: '01400943' })
  @Matches(LOCATION_ID, { message: LOCATION_ID_MESSAGE })
  locationId!: string;
}
