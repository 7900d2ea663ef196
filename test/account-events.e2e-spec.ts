import { PrismaService } from '../src/database/prisma.service';
import { AccountEventRetentionJob } from '../src/events/account-event-retention.job';
import { openEvents, userIdOf, refuseNextRefresh } from './support/account-events';
import { bearer, linkAccount } from './support/accounts';
import { RETURN_TO, Shoppers, startWithShoppers } from './support/shoppers';
import { dataOf, SseConnection } from './support/sse-client';

const MILK = '0001111041700';

describe('Account events over Server-Sent Events (e2e)', () => {
  let ctx: Shoppers;
  const open: SseConnection[] = [];
  const events = async (token: string, lastEventId?: string) => {
    const connection = await openEvents(ctx.service, token, lastEventId);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    ctx = await startWithShoppers('public', { EVENTS_HEARTBEAT_SECONDS: '1', EVENTS_MAX_STREAMS_PER_USER: '2' });
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  afterEach(async () => {
    for (const connection of open.splice(0)) connection.close();
    await ctx.sandbox.send('DELETE', '/faults');
  });

  it('streams as SSE, unbuffered and uncached, and tells a user whose Kroger link was refused, and nobody else', async () => {
    const alice = await events(ctx.alice);
    const bob = await events(ctx.bob);
    expect(alice.status).toBe(200);
    expect(alice.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(alice.response.headers.get('cache-control')).toBe('no-store');
    expect(alice.response.headers.get('x-accel-buffering')).toBe('no');
    await alice.next('events.ready');
    await bob.next('events.ready');
    expect(alice.retryMs).toBe(3000);

    await refuseNextRefresh(ctx.service, ctx.sandbox, await userIdOf(ctx.service, ctx.alice));
    const refused = await alice.next('link.reauth_required');
    expect(dataOf(refused)).toEqual({
      status: 'REAUTH_REQUIRED',
      reason: 'refresh_refused',
      reauthorizeUrl: `${ctx.service.config.http.publicBaseUrl}/api/v1/auth/kroger/authorize`,
    });
    expect(refused.id).toMatch(/^\d+$/);
    await alice.until(() => (alice.comments.includes('heartbeat') ? true : undefined), 'a heartbeat');

    // Bob's own event comes first on his stream: Alice's never reached it.
    const bobUnlink = await fetch(`${ctx.service.url}/api/v1/me/kroger-link`, {
      method: 'DELETE',
      headers: bearer(ctx.bob),
    });
    expect(bobUnlink.status).toBe(204);
    const bobsFirst = await bob.next(['link.reauth_required', 'link.restored', 'cart.add_unknown', 'list.changed']);
    expect(dataOf(bobsFirst)).toMatchObject({ status: 'REVOKED', reason: 'unlinked' });
    // Resuming from Alice's event id replays only Bob's own events.
    const bobResumed = await events(ctx.bob, refused.id);
    await bobResumed.next('events.ready');
    const replayed = await bobResumed.next('link.reauth_required');
    expect(replayed.id).toBe(bobsFirst.id);
    expect(bobResumed.events.filter((e) => e.event === 'link.reauth_required')).toHaveLength(1);

    // Signing in to Kroger again restores Alice's link, and her devices hear it.
    await linkAccount(ctx.service.url, { returnTo: RETURN_TO, email: 'shopper@example.com' });
    expect(dataOf(await alice.next('link.restored'))).toEqual({ status: 'ACTIVE' });
  });

  it('replays what a client missed after Last-Event-ID, then continues live', async () => {
    const first = await events(ctx.alice);
    const ready = await first.next('events.ready');
    first.close();

    // An add whose answer never came, while Alice's app was disconnected.
    await ctx.sandbox.faults([{ path: '/v1/cart/add', drop: 'after', count: 1 }]);
    const add = await fetch(`${ctx.service.url}/api/v1/cart/items`, {
      method: 'POST',
      headers: { ...bearer(ctx.alice), 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ upc: MILK, quantity: 2, modality: 'PICKUP' }] }),
    });
    expect(add.status).toBe(502);

    const resumed = await events(ctx.alice, ready.id);
    const resumedReady = await resumed.next('events.ready');
    expect(resumedReady.id).toBe(ready.id);
    const missed = await resumed.next('cart.add_unknown');
    expect(BigInt(missed.id!)).toBeGreaterThan(BigInt(ready.id!));
    expect(dataOf(missed)).toMatchObject({ reason: 'no_answer', items: [{ upc: MILK, quantity: 2 }] });

    // Live again: the next event arrives on the resumed stream.
    await ctx.sandbox.faults([{ path: '/v1/cart/add', drop: 'after', count: 1 }]);
    await fetch(`${ctx.service.url}/api/v1/cart/items`, {
      method: 'POST',
      headers: { ...bearer(ctx.alice), 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ upc: MILK, quantity: 3, modality: 'PICKUP' }] }),
    });
    const live = await resumed.next('cart.add_unknown', missed.index + 1);
    expect(dataOf(live)).toMatchObject({ items: [{ upc: MILK, quantity: 3 }] });
  });

  it('says events.gap when the Last-Event-ID is older than what retention kept', async () => {
    const prisma = ctx.service.app.get(PrismaService);
    const aliceId = await userIdOf(ctx.service, ctx.alice);
    const kept = await prisma.accountEvent.findMany({ where: { userId: aliceId }, orderBy: { id: 'asc' } });
    expect(kept.length).toBeGreaterThan(1);
    await prisma.accountEvent.updateMany({
      where: { userId: aliceId },
      data: { createdAt: new Date(Date.now() - 48 * 3_600_000) },
    });
    expect(await ctx.service.app.get(AccountEventRetentionJob).purge()).toBeGreaterThanOrEqual(kept.length);

    const late = await events(ctx.alice, kept[0].id.toString());
    const gap = await late.next('events.gap');
    expect(dataOf(gap)).toMatchObject({ lastEventId: kept[0].id.toString() });
    expect(gap.id).toBe(kept[kept.length - 1].id.toString());
    // From the gap's id on, a resume is whole again.
    const again = await events(ctx.alice, gap.id);
    expect((await again.next(['events.ready', 'events.gap'])).event).toBe('events.ready');
  });

  it('refuses a bad Last-Event-ID naming the header and the rule', async () => {
    const res = await fetch(`${ctx.service.url}/api/v1/me/events`, {
      headers: { ...bearer(ctx.alice), 'Last-Event-ID': 'abc' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ field: 'Last-Event-ID', rule: 'pattern' }),
    ]);
    expect((await fetch(`${ctx.service.url}/api/v1/me/events`)).status).toBe(401);
  });

  it('caps concurrent streams per user with a 429 problem, and frees a slot when a client disconnects', async () => {
    const one = await events(ctx.bob);
    const two = await events(ctx.bob);
    await one.next('events.ready');
    await two.next('events.ready');
    const third = await fetch(`${ctx.service.url}/api/v1/me/events`, { headers: bearer(ctx.bob) });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { code: string }).code).toBe('events.too_many_streams');
    // Alice is not affected by Bob's streams.
    expect((await events(ctx.alice)).status).toBe(200);

    // The server sees the disconnect a moment later; until then the slot is still taken.
    one.close();
    let status = 429;
    for (let attempt = 0; attempt < 50 && status === 429; attempt += 1) {
      const next = await events(ctx.bob);
      status = next.status;
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });

  it('ends the stream with auth.expired once its session is logged out', async () => {
    const session = await linkAccount(ctx.service.url, { returnTo: RETURN_TO, email: 'shopper@example.com' });
    const stream = await events(session.accessToken);
    await stream.next('events.ready');
    const logout = await fetch(`${ctx.service.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { ...bearer(session.accessToken), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    const expired = await stream.next('auth.expired');
    expect(dataOf(expired)).toMatchObject({ code: 'auth.invalid_token' });
    await stream.closedByServer();
  });
});
