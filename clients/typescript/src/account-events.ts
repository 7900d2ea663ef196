import type { components } from './generated/openapi.js';

type Schema = components['schemas']['AccountEventMessage'];
/** One member per `event` value: the schema groups a few types in one member (`events.ready | events.gap`). */
type OnePerType<Member> = Member extends { event: infer Types }
  ? Types extends string
    ? Omit<Member, 'event'> & { event: Types }
    : never
  : never;

/**
 * A message of `GET /api/v1/me/events`, typed from openapi.json's `AccountEventMessage`: switch on
 * `event` and `data` narrows. `id` is there for account events, `events.ready` and `events.gap`.
 */
export type AccountEventMessage = OnePerType<Schema>;
export type AccountEventType = AccountEventMessage['event'];
export type AccountEventOf<Type extends AccountEventType> = Extract<AccountEventMessage, { event: Type }>;

/**
 * The types this SDK knows at run time (types vanish). Listing one too few fails `npm run lint`, so a
 * type added to the API cannot be forgotten here; a type from a newer service is skipped, not mistyped.
 */
const KNOWN_TYPES = [
  'link.reauth_required',
  'link.restored',
  'cart.add_unknown',
  'list.changed',
  'events.ready',
  'events.gap',
  'auth.expired',
  'server.shutdown',
] as const satisfies readonly AccountEventType[];
type Unlisted = Exclude<AccountEventType, (typeof KNOWN_TYPES)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTypeListed;

const known = new Set<string>(KNOWN_TYPES);

export function isKnownEventType(type: string): type is AccountEventType {
  return known.has(type);
}
