import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProductPriceDto {
  @ApiProperty({ example: 3.49 }) regular!: number;
  @ApiProperty({ example: 2.99, description: '0 when not on sale' }) promo!: number;
  @ApiProperty() onSale!: boolean;
  @ApiProperty({ example: 2.99, description: 'What it costs now: promo when on sale, else regular' }) current!: number;
  @ApiPropertyOptional({ example: 3.49, description: 'Estimated price per item, for items sold by weight' })
  regularPerUnitEstimate?: number;
  @ApiPropertyOptional() promoPerUnitEstimate?: number;
  @ApiPropertyOptional({ format: 'date-time' }) promoEnds?: string;
}

export class ProductAisleDto {
  @ApiProperty({ example: 'AISLE 23' }) description!: string;
  @ApiProperty({ example: '23' }) number!: string;
  @ApiPropertyOptional({ example: 'L' }) side?: string;
  @ApiPropertyOptional({ example: '3' }) shelf?: string;
}

export class ProductFulfillmentDto {
  @ApiProperty() inStore!: boolean;
  @ApiProperty() curbside!: boolean;
  @ApiProperty() delivery!: boolean;
  @ApiProperty() shipToHome!: boolean;
}

export class ProductImageDto {
  @ApiProperty({ example: 'front' }) perspective!: string;
  @ApiProperty() featured!: boolean;
  @ApiProperty({ example: { large: 'https://www.kroger.com/product/images/large/front/0001111041700' } })
  sizes!: Record<string, string>;
}

export class ProductDto {
  @ApiProperty({ example: '0001111041700' }) productId!: string;
  @ApiProperty({ example: '0001111041700' }) upc!: string;
  @ApiProperty({ example: 'Kroger 2% Reduced Fat Milk' }) name!: string;
  @ApiPropertyOptional({ example: 'Kroger' }) brand?: string;
  @ApiProperty({ type: [String], example: ['Dairy'] }) categories!: string[];
  @ApiPropertyOptional({ example: '1 gal' }) size?: string;
  @ApiPropertyOptional({ enum: ['UNIT', 'WEIGHT'] }) soldBy?: string;
  @ApiPropertyOptional({ example: 'https://www.kroger.com/product/images/large/front/0001111041700' })
  imageUrl?: string;
  @ApiProperty({ type: [ProductImageDto] }) images!: ProductImageDto[];
  @ApiPropertyOptional({ type: ProductPriceDto, description: 'Only at a store' }) price?: ProductPriceDto;
  @ApiPropertyOptional({
    enum: ['HIGH', 'LOW', 'TEMPORARILY_OUT_OF_STOCK'],
    description: 'Only at a store; absent when Kroger does not know',
  })
  stockLevel?: string;
  @ApiPropertyOptional({ type: ProductFulfillmentDto }) fulfillment?: ProductFulfillmentDto;
  @ApiPropertyOptional({ type: ProductAisleDto }) aisle?: ProductAisleDto;
  @ApiPropertyOptional({ example: 'Refrigerated' }) temperature?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: "Kroger's nutrition facts, as a list" })
  nutrition?: Record<string, unknown>[];
  @ApiProperty({ type: [String], example: ['Milk'] }) allergens!: string[];
  @ApiPropertyOptional({ example: 'https://www.kroger.com/p/kroger-2-reduced-fat-milk/0001111041700' })
  productUrl?: string;
  @ApiPropertyOptional({ example: '01400943', description: 'The store the price, aisle and stock are for' })
  locationId?: string;
}

export class PaginationDto {
  @ApiProperty({ example: 0 }) start!: number;
  @ApiProperty({ example: 10 }) limit!: number;
  @ApiProperty({ example: 128 }) total!: number;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductDto] }) data!: ProductDto[];
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}
