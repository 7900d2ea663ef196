import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const MODALITIES = ['PICKUP', 'DELIVERY'] as const;
export type Modality = (typeof MODALITIES)[number];

export class CartItemRequest {
  @ApiPropertyOptional({ example: '0001111041700', description: '13-digit productId (or send upc)' })
  @ValidateIf((item: CartItemRequest) => item.upc === undefined)
  @Matches(/^\d{13}$/, { message: 'productId must be 13 digits (or send upc)' })
  productId?: string;

  @ApiPropertyOptional({ example: '0001111041700' })
  @IsOptional()
  @Matches(/^\d{13}$/, { message: 'upc must be 13 digits' })
  upc?: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 99 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be between 1 and 99' })
  @Max(99, { message: 'quantity must be between 1 and 99' })
  quantity!: number;

  @ApiProperty({ enum: MODALITIES, description: 'Ask the user: pickup at the store, or delivery' })
  @IsIn(MODALITIES, { message: 'modality must be PICKUP or DELIVERY' })
  modality!: Modality;
}

export class AddCartItemsRequest {
  @ApiProperty({ type: [CartItemRequest] })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must list at least one item' })
  @ArrayMaxSize(25, { message: 'items may list at most 25 items' })
  @ValidateNested({ each: true })
  @Type(() => CartItemRequest)
  items!: CartItemRequest[];
}

export class UpdateCartItemRequest {
  @ApiProperty({ minimum: 1, maximum: 99 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be between 1 and 99 (DELETE removes the item)' })
  @Max(99, { message: 'quantity must be between 1 and 99' })
  quantity!: number;

  @ApiPropertyOptional({ enum: MODALITIES })
  @IsOptional()
  @IsIn(MODALITIES, { message: 'modality must be PICKUP or DELIVERY' })
  modality?: Modality;
}

export class CartLineDto {
  @ApiProperty({ example: '0001111041700' }) upc!: string;
  @ApiPropertyOptional({ example: 'Kroger 2% Reduced Fat Milk' }) name?: string;
  @ApiProperty({ example: 2 }) quantity!: number;
  @ApiProperty({ example: 'PICKUP' }) modality!: string;
  @ApiPropertyOptional({ example: 3.49, description: 'Unit price when added (ledger) or now (partner cart)' })
  unitPrice?: number;
  @ApiPropertyOptional({
    enum: ['SENT', 'ACCEPTED', 'UNKNOWN', 'FAILED'],
    description: 'Ledger only: what became of the add',
  })
  status?: string;
  @ApiPropertyOptional({ format: 'date-time' }) addedAt?: string;
  @ApiPropertyOptional({ enum: ['rest', 'mcp'] }) channel?: string;
}

export class CartDto {
  @ApiProperty({
    enum: ['kroger', 'ledger'],
    description:
      '`kroger`: the real cart (partner tier). `ledger`: what this app added (the public tier cannot read the cart)',
  })
  source!: 'kroger' | 'ledger';

  @ApiPropertyOptional({ description: 'Why the list may differ from the cart the user sees at Kroger' })
  note?: string;

  @ApiPropertyOptional({ format: 'uuid' }) cartId?: string;

  @ApiProperty({ type: [CartLineDto] }) items!: CartLineDto[];

  @ApiProperty({ example: 12.47, description: 'Estimated from known prices; null when none are known' })
  estimatedTotal!: number | null;

  @ApiProperty({ example: 'https://www.kroger.com/cart', description: "The chain's cart page, to check out" })
  cartUrl!: string;
}

export class AddCartItemsResultDto {
  @ApiProperty({ type: [CartLineDto] }) added!: CartLineDto[];
  @ApiProperty({ example: 'https://www.kroger.com/cart' }) cartUrl!: string;
}
