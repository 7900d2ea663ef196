import { Request, Response, Router } from 'express';
import { guard, SandboxContext } from '../context';
import { CHAIN_BY_NAME, CHAINS, Chain } from '../data/chains';
import { DEPARTMENT_IDS, DEPARTMENTS } from '../data/departments';
import { distanceMiles, ZIP_CENTROIDS } from '../data/geography';
import { Store } from '../data/stores';
import { q, wholeNumber } from './query';

const LOCATION_ID = /^[A-Za-z0-9]{8}$/;
const DEPARTMENT_ID = /^[A-Za-z0-9]{2}$/;

/** A store as Kroger returns it; the sandbox's own bookkeeping stays out. */
function locationView(store: Store): Record<string, unknown> {
  const { kind: _kind, ...view } = store;
  return view;
}

function chainView(chain: Chain): Record<string, unknown> {
  const { banner: _banner, consentBanner: _consent, ...view } = chain;
  return view;
}

/** `/v1/locations`, `/v1/chains`, `/v1/departments` (KROGER_API.md §4). Error texts are Kroger's. */
export function locationRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const bad = (res: Response, code: string, reason: string) => ctx.errors.api(res, 400, code, reason);

  router.get('/locations', guard(ctx, { quota: 'locations' }), (req: Request, res: Response) => {
    const zip = q(req, 'filter.zipCode.near');
    const latLong = q(req, 'filter.latLong.near');
    const lat = q(req, 'filter.lat.near');
    const lon = q(req, 'filter.lon.near');
    const radiusRaw = q(req, 'filter.radiusInMiles');
    const limitRaw = q(req, 'filter.limit');
    const chain = q(req, 'filter.chain');
    const departments = q(req, 'filter.department');
    const locationIds = q(req, 'filter.locationId');

    const startingPoints = [zip, latLong, lat ?? lon].filter((v) => v !== undefined).length;
    if (startingPoints > 1)
      return bad(
        res,
        'LOCATION-2003-400',
        'Only one of filter.zipCode.near, filter.latLong.near, or filter.lat.near and filter.lon.near may be used',
      );
    let origin: { latitude: number; longitude: number } | undefined;
    if (zip !== undefined) {
      if (!/^\d{5}$/.test(zip)) return bad(res, 'LOCATION-2001-400', "Field 'filter.zipCode.near' must 5 digits"); // sic, Kroger's text
      origin = ZIP_CENTROIDS.get(zip);
      if (!origin) return res.json({ data: [], meta: { pagination: { start: 0, limit: 0, total: 0 }, warnings: [] } });
    } else if (latLong !== undefined || lat !== undefined || lon !== undefined) {
      const [la, lo] =
        latLong !== undefined ? latLong.split(',').map((s) => Number(s.trim())) : [Number(lat), Number(lon)];
      const field = latLong !== undefined ? 'filter.latLong.near' : 'filter.lat.near';
      if (!Number.isFinite(la) || !Number.isFinite(lo) || Math.abs(la) > 90 || Math.abs(lo) > 180) {
        return bad(res, 'LOCATION-2002-400', `Field '${field}' has an improper coordinate location, must be on Earth`);
      }
      origin = { latitude: la, longitude: lo };
    }
    const radius = radiusRaw === undefined ? 10 : wholeNumber(radiusRaw);
    if (origin && (radius === undefined || radius < 1 || radius > 100)) {
      return bad(
        res,
        'LOCATION-2004-400',
        "Field 'filter.radiusInMiles' outside of distance limits, distance range is 1 - 100 miles.",
      );
    }
    const limit = limitRaw === undefined ? 10 : wholeNumber(limitRaw);
    if (limit === undefined || limit < 1 || limit > 200)
      return bad(res, 'LOCATION-2005-400', "Field 'limit' must be a number between 1 and 200 (inclusive)");
    const wantedDepartments = departments
      ?.split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    if (wantedDepartments && wantedDepartments.some((d) => !DEPARTMENT_ID.test(d) || !DEPARTMENT_IDS.has(d))) {
      return bad(res, 'LOCATION-2119-400', "Field 'filter.department' contains invalid department ID(s)");
    }
    const ids = locationIds
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids && ids.some((id) => !LOCATION_ID.test(id)))
      return bad(res, 'LOCATION-2006-400', "Field 'filter.locationId' must have a length of 8 characters");

    let candidates = ctx.stores.map((store) => ({
      store,
      distance: origin ? distanceMiles(origin, store.geolocation) : 0,
    }));
    if (origin) candidates = candidates.filter((c) => c.distance <= radius!).sort((a, b) => a.distance - b.distance);
    // Chain names match case-insensitively: docs say `Kroger`, responses say `KROGER` (§4.2).
    if (chain) candidates = candidates.filter((c) => c.store.chain.toLowerCase() === chain.trim().toLowerCase());
    if (wantedDepartments) {
      candidates = candidates.filter((c) =>
        wantedDepartments.every((d) => c.store.departments.some((sd) => sd.departmentId === d)),
      );
    }
    if (ids) candidates = candidates.filter((c) => ids.includes(c.store.locationId));
    const page = candidates.slice(0, limit);
    res.json({
      data: page.map((c) => locationView(c.store)),
      // total counts every match, not the page: Kroger's MetaModel defines it so for every list (§9);
      // [assumed] that live Locations does the same (captures show only pages smaller than the limit).
      meta: { pagination: { start: 0, limit, total: candidates.length }, warnings: [] },
    });
  });

  const byId = (req: Request, res: Response) => {
    const head = req.method === 'HEAD';
    const id = String(req.params.locationId);
    if (!LOCATION_ID.test(id)) {
      if (head) return res.status(400).end();
      return bad(res, 'LOCATION-2006-400', 'incorrect locationId format');
    }
    const store = ctx.storesById.get(id);
    if (!store) return ctx.errors.emptyNotFound(res, head);
    if (head) return res.status(204).end();
    res.json({ data: locationView(store), meta: {} });
  };
  router.head('/locations/:locationId', guard(ctx, { quota: 'locations' }), byId);
  router.get('/locations/:locationId', guard(ctx, { quota: 'locations' }), byId);

  router.get('/chains', guard(ctx, { quota: 'chains' }), (_req, res) => {
    res.json({ data: CHAINS.map(chainView), meta: {} });
  });
  const chainByName = (req: Request, res: Response) => {
    const head = req.method === 'HEAD';
    const chain = CHAIN_BY_NAME.get(String(req.params.name).toUpperCase());
    if (!chain) return ctx.errors.emptyNotFound(res, head);
    if (head) return res.status(204).end();
    res.json({ data: chainView(chain), meta: {} });
  };
  router.head('/chains/:name', guard(ctx, { quota: 'chains' }), chainByName);
  router.get('/chains/:name', guard(ctx, { quota: 'chains' }), chainByName);

  router.get('/departments', guard(ctx, { quota: 'departments' }), (_req, res) => {
    res.json({ data: DEPARTMENTS, meta: {} });
  });
  const departmentById = (req: Request, res: Response) => {
    const head = req.method === 'HEAD';
    const id = String(req.params.id);
    if (!DEPARTMENT_ID.test(id)) {
      if (head) return res.status(400).end();
      return bad(res, 'LOCATION-2119', 'Invalid department ID');
    }
    const department = DEPARTMENTS.find((d) => d.departmentId === id);
    if (!department) return ctx.errors.emptyNotFound(res, head);
    if (head) return res.status(204).end();
    res.json({ data: department, meta: {} });
  };
  router.head('/departments/:id', guard(ctx, { quota: 'departments' }), departmentById);
  router.get('/departments/:id', guard(ctx, { quota: 'departments' }), departmentById);

  return router;
}
