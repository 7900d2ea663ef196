import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { LOCATION_ID, LOCATION_ID_MESSAGE } from '../../locations/dto/location-queries';

/** Our names for Kroger's fulfillment codes (ais, csp, dth, sth). */
export const FULFILLMENT_CODES = { inStore: 'ais', curbside: 'csp', delivery: 'dth', shipToHome: 'sth' } as const;
export type FulfillmentOption = keyof typeof FULFILLMENT_CODES;

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(value)
      ? value
      : value;

@ValidatorConstraint({ name: 'maxWords' })
class AtMostEightWords implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.trim().split(/\s+/).length <= 8;
  }
  defaultMessage(): string {
    return 'term must have at most 8 words';
  }
}

export class SearchProductsQuery {
  @ApiPropertyOptional({ example: 'whole milk', description: '3+ characters, at most 8 words' })
  @IsOptional()
  @IsString()
  @Length(3, 100, { message: 'term must be 3 to 100 characters' })
  @Validate(AtMostEightWords)
  term?: string;

  @ApiPropertyOptional({
    example: '01400943',
    description: 'Store for price, aisle and stock; defaults to your preferred store',
  })
  @IsOptional()
  @Matches(LOCATION_ID, { message: LOCATION_ID_MESSAGE })
  locationId?: string;

  @ApiPropertyOptional({ example: 'Kroger|Simple Truth', description: 'Brand names, exact case, separated by |' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  brand?: string;

  @ApiPropertyOptional({
    example: 'curbside,delivery',
    description: `Comma-separated: ${Object.keys(FULFILLMENT_CODES).join(', ')}`,
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(Object.keys(FULFILLMENT_CODES), {
    each: true,
    message: `fulfillment must be among ${Object.keys(FULFILLMENT_CODES).join(', ')}`,
  })
  fulfillment?: FulfillmentOption[];

  @ApiPropertyOptional({
    example: '0001111041700,0000000003107',
    description: 'Up to 50 product ids; other filters are then ignored',
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(50, { message: 'productIds may list at most 50 ids' })
  @Matches(/^\d{13}$/, { each: true, message: 'each productId must be 13 digits' })
  productIds?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 250, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'start must be a whole number' })
  @Min(0, { message: 'start must be between 0 and 250' })
  @Max(250, { message: 'start must be between 0 and 250' })
  start?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 50' })
  @Max(50, { message: 'limit must be between 1 and 50' })
  limit?: number;
}

export class ProductQuery {
  @ApiPropertyOptional({ example: '01400943' })
  @IsOptional()
  @Matches(LOCATION_ID, { message: LOCATION_ID_MESSAGE })
  locationId?: string;
}
