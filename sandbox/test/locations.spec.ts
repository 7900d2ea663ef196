import { startSandbox, RunningSandbox } from '../sandbox';
import { appToken, call, expectShape } from './support';

describe('sandbox Locations, Chains and Departments APIs', () => {
  let sandbox: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    token = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());
  const get = (path: string, method = 'GET') => call(sandbox, token, path, { method });
  const bad = (code: string, reason: string) => ({ errors: { timestamp: expect.any(Number), code, reason } });

  it('seeds at least 300 stores, including the real rows and a non-retail shed', async () => {
    expect(sandbox.storeCount).toBeGreaterThanOrEqual(300);
    const forestPark = await get('/v1/locations/01400943');
    expect(forestPark.status).toBe(200);
    expectShape('location', forestPark.body!.data);
    expect(forestPark.body!.data).toMatchObject({
      locationId: '01400943',
      chain: 'KROGER',
      name: 'Kroger - Forest Park',
      phone: '5136745800',
      divisionNumber: '014',
      storeNumber: '00943',
      address: { addressLine1: '1212 W Kemper Rd', city: 'Cincinnati', state: 'OH', zipCode: '45240' },
      hours: { timezone: 'America/New_York' },
    });
    expect(forestPark.body!.data.hours.monday).toHaveProperty('open24');
    const shed = await get('/v1/locations/540FC500');
    expect(shed.body!.data).toMatchObject({ name: 'Kroger - Forecast Shed', phone: '', departments: [] });
  });

  it('finds stores near a ZIP, sorted by distance within the radius', async () => {
    const res = await get('/v1/locations?filter.zipCode.near=45202&filter.limit=10');
    expect(res.status).toBe(200);
    expectShape('locationList', res.body);
    expect(res.body!.data.length).toBeGreaterThan(3);
    expect(res.body!.data[0].locationId).toBe('01400513'); // Kroger On the Rhine, downtown
    const far = await get('/v1/locations?filter.zipCode.near=45202&filter.radiusInMiles=1&filter.limit=200');
    expect(far.body!.data.length).toBeLessThan(res.body!.data.length + 200);
  });

  it('searches by latLong and by lat+lon, filters by chain (any case) and by departments (all required)', async () => {
    const byLatLong = await get('/v1/locations?filter.latLong.near=39.7376,-104.9176&filter.limit=5');
    const byPair = await get('/v1/locations?filter.lat.near=39.7376&filter.lon.near=-104.9176&filter.limit=5');
    expect(byLatLong.body!.data.map((s: any) => s.locationId)).toEqual(byPair.body!.data.map((s: any) => s.locationId));
    expect(byLatLong.body!.data[0].locationId).toBe('62000005');
    const kroger = await get('/v1/locations?filter.chain=Kroger&filter.limit=200');
    expect(kroger.body!.data.length).toBeGreaterThan(50);
    expect(kroger.body!.data.every((s: any) => s.chain === 'KROGER')).toBe(true);
    const withPharmacyAndGas = await get(
      '/v1/locations?filter.zipCode.near=45202&filter.department=09,10&filter.limit=50',
    );
    expect(
      withPharmacyAndGas.body!.data.every((s: any) =>
        ['09', '10'].every((d) => s.departments.some((x: any) => x.departmentId === d)),
      ),
    ).toBe(true);
  });

  it.each([
    ['filter.zipCode.near=4520', 'LOCATION-2001-400', "Field 'filter.zipCode.near' must 5 digits"],
    [
      'filter.latLong.near=95,-84',
      'LOCATION-2002-400',
      "Field 'filter.latLong.near' has an improper coordinate location, must be on Earth",
    ],
    [
      'filter.zipCode.near=45202&filter.radiusInMiles=101',
      'LOCATION-2004-400',
      "Field 'filter.radiusInMiles' outside of distance limits, distance range is 1 - 100 miles.",
    ],
    ['filter.limit=201', 'LOCATION-2005-400', "Field 'limit' must be a number between 1 and 200 (inclusive)"],
    ['filter.department=ZZ', 'LOCATION-2119-400', "Field 'filter.department' contains invalid department ID(s)"],
    [
      'filter.zipCode.near=45202&filter.latLong.near=39.1,-84.5',
      'LOCATION-2003-400',
      'Only one of filter.zipCode.near, filter.latLong.near, or filter.lat.near and filter.lon.near may be used',
    ],
  ])('refuses %s', async (query, code, reason) => {
    const res = await get(`/v1/locations?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(bad(code, reason));
  });

  it('answers GET and HEAD by id with Kroger statuses: 204 exists, 404 {} or empty, 400 bad format', async () => {
    expect((await get('/v1/locations/01400943', 'HEAD')).status).toBe(204);
    const missing = await get('/v1/locations/01499999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({});
    const missingHead = await get('/v1/locations/01499999', 'HEAD');
    expect(missingHead.status).toBe(404);
    expect(missingHead.body).toBeUndefined();
    expect((await get('/v1/locations/0140094')).body).toEqual(bad('LOCATION-2006-400', 'incorrect locationId format'));
  });

  it('lists chains and departments and looks each up', async () => {
    const chains = await get('/v1/chains');
    for (const chain of chains.body!.data) expectShape('chain', chain);
    expect(chains.body!.data.map((c: any) => c.name)).toEqual(
      expect.arrayContaining(['KROGER', 'HART', 'PICK N SAVE', 'METRO MARKET']),
    );
    expect((await get('/v1/chains/PICK%20N%20SAVE')).body!.data).toMatchObject({
      name: 'PICK N SAVE',
      domain: 'picknsave.com',
    });
    expect((await get('/v1/chains/NOPE', 'HEAD')).status).toBe(404);
    expect((await get('/v1/chains/KROGER', 'HEAD')).status).toBe(204);

    const departments = await get('/v1/departments');
    expect(departments.body!.data).toEqual(
      expect.arrayContaining([
        { departmentId: '0K', name: 'Full Strength Beer' },
        { departmentId: '09', name: 'Pharmacy' },
      ]),
    );
    expect((await get('/v1/departments/LY')).body!.data).toEqual({ departmentId: 'LY', name: 'Lottery Tickets' });
    expect((await get('/v1/departments/ABC')).body).toEqual(bad('LOCATION-2119', 'Invalid department ID'));
    expect((await get('/v1/departments/ZZ')).status).toBe(404);
  });
});
