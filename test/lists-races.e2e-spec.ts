import request from 'supertest';
import { bearer } from './support/accounts';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { Shoppers, startWithShoppers } from './support/shoppers';

/**
 * Shopping-list writes that race on a real PostgreSQL (the embedded database runs one statement at
 * a time, so these races cannot happen there).
 */
describeWithPostgres('Shopping lists under concurrent writes (PostgreSQL, e2e)', () => {
  let releasePostgres: () => void = () => undefined;
  let ctx: Shoppers;
  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
    ctx = await startWithShoppers('public');
  });
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
    releasePostgres();
  });
  const api = () => request(ctx.service.url);
  const createList = async (name: string): Promise<string> =>
    (await api().post('/api/v1/lists').set(bearer(ctx.alice)).send({ name }).expect(201)).body.listId;

  it('renames two lists to one name at once: one wins, the other is 409 list.name_taken as when renamed one after the other', async () => {
    for (let round = 0; round < 5; round += 1) {
      const lists = await Promise.all([createList(`first ${round}`), createList(`second ${round}`)]);
      const answers = await Promise.all(
        lists.map((listId) =>
          api()
            .patch(`/api/v1/lists/${listId}`)
            .set(bearer(ctx.alice))
            .send({ name: `Groceries ${round}` }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('list.name_taken');
    }
  });
});
