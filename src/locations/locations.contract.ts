import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { PageQuery, pageOf } from '../common/contract/pagination';
import { IsoDateTime, LocationId, wholeNumber, ZipCode } from '../common/contract/values';

const latitude = z
  .number({ error: 'must be a latitude between -90 and 90, sent together with lon' })
  .min(-90, { error: 'must be a latitude between -90 and 90, sent together with lon' })
  .max(90, { error: 'must be a latitude between -90 and 90, sent together with lon' });
const longitude = z
  .number({ error: 'must be a longitude between -180 and 180, sent together with lat' })
  .min(-180, { error: 'must be a longitude between -180 and 180, sent together with lat' })
  .max(180, { error: 'must be a longitude between -180 and 180, sent together with lat' });

export const DepartmentId = z
  .string()
  .regex(/^[A-Za-z0-9]{2}$/, { error: 'must be two letters or digits, e.g. 09' })
  .meta({ examples: ['09'] });

export const ChainName = z
  .string()
  .regex(/^[A-Za-z0-9 ']{2,40}$/, { error: 'must be a chain name such as KROGER or RALPHS' })
  .meta({ examples: ['KROGER'] });

/**
 * Store search arguments. A starting point is required over REST (FindStoresQuery); the
 * find_stores tool may leave it out and then searches around the user's preferred store.
 * Non-retail locations (fulfilment sheds and spokes: no departments, or a non-numeric id such as
 * 540FC500) are never returned: they cannot be shopped at.
 */
export const StoreSearchInput = z
  .strictObject({
    zipCode: ZipCode.optional().describe(
      'Near this ZIP code (one starting point is required: zipCode, latLong, or lat and lon)',
    ),
    latLong: z
      .string()
      .regex(/^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$/, {
        error: 'must be "latitude,longitude", e.g. 39.1031,-84.512',
      })
      .optional()
      .meta({ description: 'Near "latitude,longitude"', examples: ['39.1031,-84.512'] }),
    lat: latitude.optional().meta({ description: 'Latitude, with lon', examples: [39.1031] }),
    lon: longitude.optional().meta({ description: 'Longitude, with lat', examples: [-84.512] }),
    radiusInMiles: wholeNumber(1, 100)
      .optional()
      .meta({ description: 'Search radius in miles, 1 to 100', default: 10 }),
    start: wholeNumber(0, 199).optional().meta({
      description: 'Stores to skip, for the next page (0 to 199: Kroger finds at most the 200 nearest stores)',
      default: 0,
    }),
    limit: wholeNumber(1, 200).optional().meta({ description: 'How many stores, 1 to 200', default: 10 }),
    chain: ChainName.optional().describe('Only this chain, any case, e.g. KROGER, RALPHS, KINGSOOPERS'),
    department: z
      .string()
      .regex(/^[A-Za-z0-9]{2}(,[A-Za-z0-9]{2})*$/, {
        error: 'must be comma-separated two-character department ids, e.g. 09,94',
      })
      .transform((value) => value.toUpperCase())
      .optional()
      .meta({ description: 'Department ids the store must all have, comma-separated', examples: ['09,94'] }),
    locationId: z
      .string()
      .regex(/^[A-Za-z0-9]{8}(,[A-Za-z0-9]{8}){0,49}$/, {
        error: 'must be up to 50 comma-separated 8-character location ids, e.g. 01400943,01400376',
      })
      .optional()
      .meta({
        description: "Only these stores (Kroger's filter.locationId), comma-separated",
        examples: ['01400943,01400376'],
      }),
  })
  .superRefine((query, context) => {
    // lat and lon make one point: one without the other is an error on the missing one.
    if ((query.lat === undefined) !== (query.lon === undefined))
      context.addIssue({
        code: 'custom',
        path: [query.lat === undefined ? 'lat' : 'lon'],
        message: 'lat and lon must be sent together',
        params: { rule: 'together' },
      });
  });
export type StoreSearchInput = z.infer<typeof StoreSearchInput>;

/**
 * Whether a search names where to look from (or exactly which stores); without one Kroger returns
 * arbitrary stores.
 */
export const hasStartingPoint = (query: StoreSearchInput): boolean =>
  query.zipCode !== undefined ||
  query.latLong !== undefined ||
  query.lat !== undefined ||
  query.lon !== undefined ||
  query.locationId !== undefined;

export const FindStoresQuery = StoreSearchInput.superRefine((query, context) => {
  if (!hasStartingPoint(query))
    context.addIssue({
      code: 'custom',
      path: ['zipCode'],
      message: 'a starting point is required: send zipCode, latLong, lat and lon, or locationId',
      params: { rule: 'anyOf' },
    });
}).describe(
  'One starting point is required (zipCode, latLong, or lat with lon), or locationId. Only retail stores are returned: ' +
    'non-retail locations such as fulfilment sheds are left out.',
);
export type FindStoresQuery = z.infer<typeof FindStoresQuery>;

export const SetPreferredLocationRequest = requestSchema(
  'SetPreferredLocationRequest',
  z.strictObject({
    locationId: LocationId.describe(
      "A retail store's locationId, from GET /api/v1/locations. Unknown ids are 422 location.not_found; " +
        'non-retail locations (fulfilment sheds: no departments) are 422 location.not_a_store.',
    ),
  }),
);

const DayHours = z.object({
  open: z.string().meta({ examples: ['06:00'] }),
  close: z.string().meta({ examples: ['23:00'] }),
  open24: z.boolean(),
});
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const StoreHours = z.object({
  timezone: z.string().meta({ examples: ['America/New_York'] }),
  open24: z.boolean().describe('Open all day, every day'),
  week: z.object(Object.fromEntries(DAYS.map((day) => [day, DayHours.optional()]))),
  openNow: z.boolean().describe('Computed in the store time zone at the time of the response'),
  closesAt: z
    .string()
    .nullable()
    .meta({ examples: ['23:00'] }),
  nextOpening: z.object({ day: z.string().meta({ examples: ['tuesday'] }), time: z.string() }).nullable(),
});

export const Store = responseSchema(
  'Store',
  z.object({
    // Answers are described, not policed: an odd id from Kroger must not fail a whole answer.
    locationId: z.string().meta({ examples: ['01400943'] }),
    chain: z.string().meta({ examples: ['KROGER'] }),
    name: z.string().meta({ examples: ['Kroger - Forest Park'] }),
    retail: z
      .boolean()
      .describe(
        'A store a customer can shop at. false for non-retail locations (fulfilment sheds and spokes: no ' +
          'departments, or a non-numeric id such as 540FC500): shown by id, never in store search, never a preferred store',
      ),
    phone: z
      .string()
      .optional()
      .meta({ examples: ['5136745800'] }),
    address: z.object({
      line1: z.string().meta({ examples: ['1212 W Kemper Rd'] }),
      line2: z.string().optional(),
      city: z.string().meta({ examples: ['Cincinnati'] }),
      state: z.string().meta({ examples: ['OH'] }),
      zipCode: z.string().meta({ examples: ['45240'] }),
      county: z.string().optional(),
    }),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
    distanceMiles: z.number().optional().describe('From the search origin'),
    hours: StoreHours.optional(),
    departments: z.array(
      z.object({
        departmentId: z.string().meta({ examples: ['09'] }),
        name: z.string().meta({ examples: ['Pharmacy'] }),
        phone: z.string().optional(),
        offsite: z.boolean().optional().describe('Off-site, e.g. a gas station across the lot'),
      }),
    ),
  }),
);
export type Store = z.infer<typeof Store>;

export const StoreList = pageOf('StoreList', Store);
export type StoreList = z.infer<typeof StoreList>;

export const Chain = responseSchema(
  'Chain',
  z.object({
    name: z.string().meta({ examples: ['KROGER'] }),
    displayName: z.string().meta({ examples: ['Kroger'] }),
    domain: z
      .string()
      .optional()
      .meta({ examples: ['kroger.com'] }),
    divisionNumbers: z.array(z.string()).meta({ examples: [['014', '016']] }),
  }),
);
export type Chain = z.infer<typeof Chain>;
export const ChainList = pageOf('ChainList', Chain);
export type ChainList = z.infer<typeof ChainList>;

export const Department = responseSchema(
  'Department',
  z.object({ departmentId: z.string().meta({ examples: ['09'] }), name: z.string().meta({ examples: ['Pharmacy'] }) }),
);
export type Department = z.infer<typeof Department>;
export const DepartmentList = pageOf('DepartmentList', Department);
export type DepartmentList = z.infer<typeof DepartmentList>;

/** Chains and departments come from Kroger whole (a few dozen): paged here. */
export const ListQuery = PageQuery;
export type ListQuery = PageQuery;

export const PreferredLocation = responseSchema(
  'PreferredLocation',
  z.object({
    locationId: z.string().meta({ examples: ['01400943'] }),
    chain: z.string().meta({ examples: ['KROGER'] }),
    name: z.string().meta({ examples: ['Kroger - Forest Park'] }),
    updatedAt: IsoDateTime,
  }),
);
export type PreferredLocation = z.infer<typeof PreferredLocation>;
