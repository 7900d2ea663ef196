import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { PageQuery, pageOf } from '../common/contract/pagination';
import { CartModality } from '../carts/carts.contract';

export const COLLECTION_TYPES = ['SHOPPING_LIST', 'RECIPE', 'FAVORITES'] as const;

export const CollectionId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a collection id from the collection list' })
  .meta({ examples: ['0f8e6a52-6c1e-4d8e-9d1a-2b8c4f1e7a10'] });

export const CollectionsQuery = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Only collections whose name contains this (any case)', examples: ['taco'] }),
  type: z
    .enum(COLLECTION_TYPES, { error: `must be one of ${COLLECTION_TYPES.join(', ')}` })
    .optional()
    .describe('Only collections of this type'),
  ...PageQuery.shape,
});
export type CollectionsQuery = z.infer<typeof CollectionsQuery>;

/** Kroger publishes no collection schema: this model is ours (sandbox/README.md, "modeled"). */
export const Collection = responseSchema(
  'Collection',
  z.object({
    collectionId: z.string(),
    name: z.string().meta({ examples: ['Weekly staples'] }),
    type: z.string().meta({ examples: ['SHOPPING_LIST'] }),
    items: z.array(
      z.object({
        productId: z.string().meta({ examples: ['0001111041700'] }),
        quantity: z
          .number()
          .int()
          .meta({ examples: [2] }),
      }),
    ),
  }),
);
export type Collection = z.infer<typeof Collection>;

export const CollectionList = pageOf('CollectionList', Collection);
export type CollectionList = z.infer<typeof CollectionList>;

export const AddCollectionToCartRequest = requestSchema(
  'AddCollectionToCartRequest',
  z.strictObject({ modality: CartModality }),
);
export type AddCollectionToCartRequest = z.infer<typeof AddCollectionToCartRequest>;
