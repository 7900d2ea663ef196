import { IsInt, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ArgumentMetadata } from '@nestjs/common';
import { ValidationError } from './errors/domain-error';
import { createValidationPipe } from './validation';

class Item {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class Body {
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

describe('createValidationPipe', () => {
  it('reports nested fields by dotted path, with the rule that failed, and refuses unknown fields', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'body', metatype: Body };
    const error = await pipe.transform({ items: [{ quantity: 0 }], extra: true }, metadata).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).options.errors).toEqual([
      { field: 'extra', rule: 'unknownField', message: 'extra is not a known field' },
      { field: 'items.0.quantity', rule: 'min', message: 'quantity must not be less than 1' },
    ]);
  });
});
