import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';

/** What the client has seen: the `id:` of the last message it received (a decimal integer). */
export const LastEventIdHeader = z
  .string()
  .regex(/^\d{1,18}$/, { error: 'must be the id of an event you received (digits)' })
  .describe('The id of the last event received; the stream replays what came after it');

const reauthorizeUrl = z.string().describe('Where to send the user to sign in to Kroger again');

const LinkReauthRequired = z.object({
  event: z.literal('link.reauth_required'),
  data: z.object({
    status: z.enum(['REAUTH_REQUIRED', 'REVOKED']).describe('REVOKED: the user unlinked Kroger'),
    reason: z.enum(['refresh_refused', 'unlinked']),
    reauthorizeUrl,
  }),
});
const LinkRestored = z.object({
  event: z.literal('link.restored'),
  data: z.object({ status: z.literal('ACTIVE') }),
});
const CartAddUnknown = z.object({
  event: z.literal('cart.add_unknown'),
  data: z.object({
    reason: z
      .enum(['no_answer', 'interrupted'])
      .describe('no_answer: Kroger never answered; interrupted: the service stopped mid-add'),
    items: z.array(z.object({ ledgerId: z.string(), upc: z.string(), quantity: z.number().int() })),
  }),
});
const ListChanged = z.object({
  event: z.literal('list.changed'),
  data: z
    .object({
      listId: z.string(),
      change: z.string().meta({ examples: ['item_added'] }),
      itemId: z.string().optional(),
      version: z.number().int().optional(),
    })
    .describe('Ids only; read the list for its content'),
});
const EventsReady = z.object({
  event: z.enum(['events.ready', 'events.gap']),
  data: z.object({
    resumedAfter: z.string(),
    lastEventId: z.string().optional(),
    detail: z.string().optional(),
  }),
});
const StreamEnds = z.object({
  event: z.enum(['auth.expired', 'server.shutdown']),
  data: z.object({ code: z.string().optional(), detail: z.string() }),
});

/**
 * One message of GET /api/v1/me/events, as an SSE client hands it over: `id` (account events,
 * events.ready and events.gap), `event` (the type) and `data` (this JSON).
 */
export const AccountEventMessage = responseSchema(
  'AccountEventMessage',
  z
    .discriminatedUnion('event', [
      LinkReauthRequired,
      LinkRestored,
      CartAddUnknown,
      ListChanged,
      EventsReady,
      StreamEnds,
    ])
    .and(z.object({ id: z.string().optional().describe('Send it back as Last-Event-ID to resume') })),
);
