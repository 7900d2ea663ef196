import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseInput } from '../common/contract/parse-input';
import { ProblemResponses } from '../common/errors/problem-responses';
import { AccountEventStreams } from './account-event-streams';
import { LastEventIdHeader } from './events.contract';

const STREAM_DESCRIPTION = [
  'Server-Sent Events (`text/event-stream`) with what happens to your account, for your own devices only.',
  'Each message has `event:` (its type), `data:` (JSON; see the `AccountEventMessage` schema) and, for account',
  'events, `id:`. Types: `link.reauth_required` (Kroger stopped accepting the link, or it was unlinked: sign in',
  'again at `reauthorizeUrl`), `link.restored` (the link works again), `cart.add_unknown` (a cart add whose',
  'outcome is unknown: check the Kroger cart), `list.changed` (a shopping list changed; ids only).',
  'The stream opens with `events.ready`, or `events.gap` when a `Last-Event-ID` is older than what is kept',
  '(re-read your state). Comment lines (`: heartbeat`) keep it alive. It ends with `auth.expired` when the token',
  'expires or is revoked (refresh, then reconnect with `Last-Event-ID`) and `server.shutdown` when the instance',
  'stops (reconnect at once). Too many open streams for one user: 429 `events.too_many_streams`.',
].join(' ');

@ApiTags('me')
@Controller('api/v1/me/events')
export class EventsController {
  constructor(private readonly streams: AccountEventStreams) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'Stream your account events (Server-Sent Events)', description: STREAM_DESCRIPTION })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    schema: { type: 'string', pattern: '^\\d{1,18}$' },
    description: 'Resume: the id of the last event received (EventSource sends it when it reconnects)',
  })
  @ApiResponse({
    status: 200,
    description: 'The event stream; it stays open (heartbeats) until the client, the token or the instance ends it',
    // X-Accel-Buffering: no is sent too, but it speaks to proxies, not clients: not declared (nor exposed by CORS).
    headers: { 'Cache-Control': { schema: { type: 'string', example: 'no-store' } } },
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'retry: 3000\n\nid: 41\nevent: events.ready\ndata: {"resumedAfter":"41"}\n\n: heartbeat\n\nid: 42\nevent: link.reauth_required\ndata: {"status":"REAUTH_REQUIRED","reason":"refresh_refused","reauthorizeUrl":"https://api.example.com/api/v1/auth/kroger/authorize"}\n\n',
      },
    },
  })
  @ProblemResponses(400, 429, 503)
  async streamAccountEvents(
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const resumeAfter =
      lastEventId === undefined
        ? undefined
        : BigInt(parseInput(LastEventIdHeader, lastEventId, 'body', ['Last-Event-ID']));
    // The guard accepted this header; the stream checks it again on every heartbeat.
    await this.streams.open({ principal, authorization: req.header('authorization')!, lastEventId: resumeAfter }, res);
  }
}
