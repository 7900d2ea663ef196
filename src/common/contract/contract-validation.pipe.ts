import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from './parse-input';
import { decodeQuery, decodeQueryValue } from './query-string';

/**
 * The global pipe for contract schemas attached with Nest's own decorator options
 * (`@Query({ schema })`, `@Body({ schema })`, `@Param('id', { schema })`): query text is decoded
 * to the declared types, then the schema parses the value; failures are our 400 problem naming
 * each field and rule. Parameters without a schema pass through untouched.
 */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = metadata.schema as z.ZodType | undefined;
    if (!schema || metadata.type === 'custom') return value;
    switch (metadata.type) {
      case 'query':
        return metadata.data
          ? parseInput(schema, decodeQueryValue(schema, value as string | string[] | undefined), 'query', [
              metadata.data,
            ])
          : parseInput(schema, decodeQuery(schema as z.ZodObject, (value ?? {}) as Record<string, unknown>), 'query');
      case 'param':
        return parseInput(schema, value, 'path', metadata.data ? [metadata.data] : []);
      default:
        // No body at all reads as {} (each missing field is named); a JSON null is a wrong shape.
        return parseInput(schema, value === undefined ? {} : value, 'body');
    }
  }
}
