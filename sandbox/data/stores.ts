import { CHAIN_BY_NAME } from './chains';
import { CORE_DEPARTMENTS, DEPARTMENTS } from './departments';
import { GMT_OFFSETS, METROS, Metro } from './geography';
import { pick, seededRandom } from './random';

/** A store as Kroger's Locations API returns it (live casing: `open24`). */
export interface Hours {
  open: string;
  close: string;
  open24: boolean;
}
export type WeekHours = Record<
  'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday',
  Hours
>;

export interface StoreDepartment {
  departmentId: string;
  name: string;
  phone?: string;
  hours?: WeekHours & { open24: boolean };
  address?: { addressLine1: string; city: string; state: string; zipCode: string; county: string };
  geolocation?: { latitude: number; longitude: number; latLng: string };
  offsite?: boolean;
}

export interface Store {
  locationId: string;
  storeNumber: string;
  divisionNumber: string;
  chain: string;
  name: string;
  phone: string;
  address: {
    addressLine1: string;
    addressLine2?: string;
    city: string;
    state: string;
    zipCode: string;
    county: string;
  };
  geolocation: { latitude: number; longitude: number; latLng: string };
  hours: { timezone: string; gmtOffset: string; open24: boolean } & WeekHours;
  departments: StoreDepartment[];
  /** Not Kroger's: a fulfillment shed sells online only. */
  kind: 'supermarket' | 'shed';
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function week(make: (day: (typeof DAYS)[number]) => Hours): WeekHours {
  return Object.fromEntries(DAYS.map((day) => [day, make(day)])) as WeekHours;
}

const daily = (open: string, close: string): WeekHours => week(() => ({ open, close, open24: false }));
const allDay = (): WeekHours => week(() => ({ open: '00:00', close: '23:59', open24: true }));
const PHARMACY_HOURS = week((day) =>
  day === 'saturday'
    ? { open: '09:00', close: '18:00', open24: false }
    : day === 'sunday'
      ? { open: '10:00', close: '17:00', open24: false }
      : { open: '09:00', close: '20:00', open24: false },
);

const STREETS = [
  'Main St',
  'Oak St',
  'Maple Ave',
  'Washington Blvd',
  'Park Ave',
  'Lincoln Rd',
  'Highland Ave',
  'Broadway',
  'Market St',
  'Ridge Rd',
  'Center St',
  'Church St',
  'Colerain Ave',
  'Hamilton Ave',
  'State Route 4',
  'Lake St',
  'Sunset Blvd',
  'Madison Ave',
  'Kemper Rd',
  'Vine St',
  'Elm St',
  'Cedar Ln',
  'Jefferson Ave',
  'Grand Ave',
  'Mill Rd',
  'University Ave',
  'Harrison Ave',
  'Beechmont Ave',
  'Montgomery Rd',
  'Glenway Ave',
];
const VANITIES = [
  'Crossroads',
  'Town Center',
  'Northgate',
  'Eastgate',
  'Westside',
  'Southpark',
  'Hilltop',
  'Riverside',
  'Lakeview',
  'Uptown',
  'Downtown',
  'Village',
  'Commons',
  'Plaza',
  'Heights',
  'Marketplace',
  'Station',
  'Square',
  'Park Place',
  'Meadows',
];

/** The real store rows of KROGER_API.md §10.1 (S17 and captures), with their real ids. */
const REAL_STORES: {
  id: string;
  chain: string;
  name: string;
  line1: string;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
  phone: string;
  county: string;
  tz: string;
}[] = [
  {
    id: '01400943',
    chain: 'KROGER',
    name: 'Kroger - Forest Park',
    line1: '1212 W Kemper Rd',
    city: 'Cincinnati',
    state: 'OH',
    zip: '45240',
    lat: 39.2900055,
    lon: -84.5250073,
    phone: '5136745800',
    county: 'HAMILTON COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '01400376',
    chain: 'KROGER',
    name: 'Kroger - Landen',
    line1: '2900 W US Highway 22 and 3 STE 1',
    city: 'Maineville',
    state: 'OH',
    zip: '45039',
    lat: 39.3110881,
    lon: -84.2751167,
    phone: '5136834001',
    county: 'WARREN COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '01400441',
    chain: 'KROGER',
    name: 'Kroger Marketplace - Towne Blvd',
    line1: '3420 Towne Blvd',
    city: 'Middletown',
    state: 'OH',
    zip: '45005',
    lat: 39.4949693,
    lon: -84.3279195,
    phone: '5132172140',
    county: 'BUTLER COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '01400513',
    chain: 'KROGER',
    name: 'Kroger - Kroger On the Rhine',
    line1: '100 E Court St',
    city: 'Cincinnati',
    state: 'OH',
    zip: '45202',
    lat: 39.10682,
    lon: -84.51253,
    phone: '5132635900',
    county: 'HAMILTON COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '01600569',
    chain: 'KROGER',
    name: 'Kroger - Brewers Yard',
    line1: '150 W Sycamore St',
    city: 'Columbus',
    state: 'OH',
    zip: '43215',
    lat: 39.9496665,
    lon: -83.0019303,
    phone: '6143407979',
    county: 'FRANKLIN COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '01400747',
    chain: 'KROGER',
    name: 'Kroger - Vandalia',
    line1: '780 Northwoods Blvd',
    city: 'Vandalia',
    state: 'OH',
    zip: '45377',
    lat: 39.8859,
    lon: -84.1896,
    phone: '9378901191',
    county: 'MONTGOMERY COUNTY',
    tz: 'America/New_York',
  },
  {
    id: '62000005',
    chain: 'KINGSOOPERS',
    name: 'King Soopers - MAYFAIR',
    line1: '1355 Krameria St',
    city: 'Denver',
    state: 'CO',
    zip: '80220',
    lat: 39.7376325,
    lon: -104.9176554,
    phone: '3033991086',
    county: 'DENVER COUNTY',
    tz: 'America/Denver',
  },
  {
    id: '62000416',
    chain: 'CITYMARKET',
    name: 'City Market - Aspen',
    line1: '711 E Cooper Ave',
    city: 'Aspen',
    state: 'CO',
    zip: '81611',
    lat: 39.1871992,
    lon: -106.8157882,
    phone: '9709252590',
    county: 'PITKIN COUNTY',
    tz: 'America/Denver',
  },
  {
    id: '61500085',
    chain: 'DILLONS',
    name: 'Dillons Marketplace - Andover Marketplace',
    line1: '225 E Cloud Ave',
    city: 'Andover',
    state: 'KS',
    zip: '67002',
    lat: 37.676928,
    lon: -97.1330589,
    phone: '3167333720',
    county: 'BUTLER COUNTY',
    tz: 'America/Chicago',
  },
  {
    id: '61500315',
    chain: 'BAKERS',
    name: "Baker's - Eagle Run",
    line1: '13250 W Maple Rd',
    city: 'Omaha',
    state: 'NE',
    zip: '68164',
    lat: 41.2946151,
    lon: -96.1214874,
    phone: '4024969200',
    county: 'DOUGLAS COUNTY',
    tz: 'America/Chicago',
  },
  {
    id: '66000624',
    chain: 'FRYS',
    name: "Fry's Marketplace - Baseline Gilbert",
    line1: '1845 E Baseline Rd',
    city: 'Gilbert',
    state: 'AZ',
    zip: '85233',
    lat: 33.3769467,
    lon: -111.7911336,
    phone: '4805393700',
    county: 'MARICOPA COUNTY',
    tz: 'America/Phoenix',
  },
  {
    id: '70100360',
    chain: 'FRED',
    name: 'Fred Meyer - Stadium',
    line1: '100 NW 20Th Pl',
    city: 'Portland',
    state: 'OR',
    zip: '97209',
    lat: 45.5239565,
    lon: -122.6927962,
    phone: '5032732004',
    county: 'MULTNOMAH COUNTY',
    tz: 'America/Los_Angeles',
  },
  {
    id: '70300193',
    chain: 'RALPHS',
    name: 'Ralphs - The Gateway at Burbank',
    line1: '25 E Alameda Ave',
    city: 'Burbank',
    state: 'CA',
    zip: '91502',
    lat: 34.1730855,
    lon: -118.3021046,
    phone: '8185561558',
    county: 'LOS ANGELES COUNTY',
    tz: 'America/Los_Angeles',
  },
  {
    id: '70500847',
    chain: 'QFC',
    name: 'Quality Food Center - Harvard Market',
    line1: '1401 Broadway',
    city: 'Seattle',
    state: 'WA',
    zip: '98122',
    lat: 47.6137629,
    lon: -122.3211541,
    phone: '2068603818',
    county: 'KING COUNTY',
    tz: 'America/Los_Angeles',
  },
  {
    id: '70600094',
    chain: 'SMITHS',
    name: "Smith's Marketplace - 455 S 500 E SLC UT",
    line1: '455 S 500 E',
    city: 'Salt Lake City',
    state: 'UT',
    zip: '84102',
    lat: 40.7593708,
    lon: -111.8753724,
    phone: '8013286000',
    county: 'SALT LAKE COUNTY',
    tz: 'America/Denver',
  },
  {
    id: '09700376',
    chain: 'HART',
    name: 'Harris Teeter - McHenry Row',
    line1: '1801 Whetstone Way',
    city: 'Baltimore',
    state: 'MD',
    zip: '21230',
    lat: 39.2677001,
    lon: -76.5997946,
    phone: '4105288484',
    county: 'BALTIMORE CITY',
    tz: 'America/New_York',
  },
  {
    id: '09700347',
    chain: 'HART',
    name: 'Harris Teeter - Lawndale Crossing',
    line1: '3724 Lawndale Dr',
    city: 'Greensboro',
    state: 'NC',
    zip: '27408',
    lat: 36.1208,
    lon: -79.8222,
    phone: '3362881290',
    county: 'GUILFORD COUNTY',
    tz: 'America/New_York',
  },
];

/** Non-retail fulfillment "sheds" (§4.3): alphanumeric ids, no phone, no departments. */
const SHEDS = [
  {
    id: '540FC500',
    name: 'Kroger - Forecast Shed',
    line1: '1014 Vine St',
    city: 'Cincinnati',
    state: 'OH',
    zip: '45202',
    lat: 39.106758,
    lon: -84.513951,
    county: 'HAMILTON COUNTY',
  },
  {
    id: '540FC001',
    name: 'Kroger - Monroe Spoke',
    line1: '1 Kroger Way',
    city: 'Monroe',
    state: 'OH',
    zip: '45050',
    lat: 39.4401,
    lon: -84.3622,
    county: 'BUTLER COUNTY',
  },
  {
    id: '540FC212',
    name: 'Kroger - Groveport Shed',
    line1: '4000 Alum Creek Dr',
    city: 'Groveport',
    state: 'OH',
    zip: '43125',
    lat: 39.8815,
    lon: -82.9313,
    county: 'FRANKLIN COUNTY',
  },
];

const roundCoord = (n: number) => Math.round(n * 1e7) / 1e7;

function departmentsFor(random: () => number, areaCode: string, storeHours: WeekHours): StoreDepartment[] {
  const extra = DEPARTMENTS.filter((d) => !CORE_DEPARTMENTS.includes(d.departmentId) && random() < 0.35).map(
    (d) => d.departmentId,
  );
  const ids = [...CORE_DEPARTMENTS, ...extra];
  return DEPARTMENTS.filter((d) => ids.includes(d.departmentId)).map((d) => {
    const department: StoreDepartment = { departmentId: d.departmentId, name: d.name };
    if (['09', '16'].includes(d.departmentId)) {
      department.phone = `${areaCode}${Math.floor(2000000 + random() * 7999999)}`;
      department.hours = { ...PHARMACY_HOURS, open24: false };
    } else if (['01', '02', '04', '05', '94'].includes(d.departmentId)) {
      department.hours = { ...storeHours, open24: false };
    }
    return department;
  });
}

function makeStore(input: {
  locationId: string;
  chain: string;
  name: string;
  line1: string;
  city: string;
  state: string;
  zip: string;
  county: string;
  latitude: number;
  longitude: number;
  phone: string;
  timezone: string;
  random: () => number;
  areaCode: string;
}): Store {
  const r = input.random();
  const storeHours =
    r < 0.1
      ? allDay()
      : r < 0.6
        ? daily('06:00', '23:00')
        : r < 0.85
          ? daily('07:00', '22:00')
          : daily('06:00', '00:00');
  const departments = departmentsFor(input.random, input.areaCode, storeHours);
  if (input.random() < 0.4) {
    departments.push({
      departmentId: '10',
      name: 'Gas Station',
      offsite: true,
      address: {
        addressLine1: `${Math.floor(100 + input.random() * 9000)} ${pick(input.random, STREETS)}`,
        city: input.city,
        state: input.state,
        zipCode: input.zip,
        county: input.county,
      },
      geolocation: {
        latitude: roundCoord(input.latitude + 0.002),
        longitude: roundCoord(input.longitude - 0.002),
        latLng: `${roundCoord(input.latitude + 0.002)},${roundCoord(input.longitude - 0.002)}`,
      },
      hours: { ...daily('06:00', '22:00'), open24: false },
    });
    departments.sort((a, b) => a.departmentId.localeCompare(b.departmentId));
  }
  return {
    locationId: input.locationId,
    storeNumber: input.locationId.slice(3),
    divisionNumber: input.locationId.slice(0, 3),
    chain: input.chain,
    name: input.name,
    phone: input.phone,
    address: {
      addressLine1: input.line1,
      city: input.city,
      state: input.state,
      zipCode: input.zip,
      county: input.county,
    },
    geolocation: {
      latitude: input.latitude,
      longitude: input.longitude,
      latLng: `${input.latitude},${input.longitude}`,
    },
    hours: {
      timezone: input.timezone,
      gmtOffset: GMT_OFFSETS[input.timezone],
      open24: storeHours.monday.open24,
      ...storeHours,
    },
    departments,
    kind: 'supermarket',
  };
}

/** At least 300 stores: the real rows, three sheds, and generated stores around each metro's ZIPs. */
export function generateStores(seed: number): Store[] {
  const random = seededRandom(seed ^ 0x5eed5);
  const stores: Store[] = [];
  const used = new Set<string>();
  const metroFor = (chain: string, state: string) =>
    METROS.find((m) => m.chain === chain && m.state === state) ?? METROS.find((m) => m.chain === chain)!;

  for (const real of REAL_STORES) {
    used.add(real.id);
    stores.push(
      makeStore({
        locationId: real.id,
        chain: real.chain,
        name: real.name,
        line1: real.line1,
        city: real.city,
        state: real.state,
        zip: real.zip,
        county: real.county,
        latitude: real.lat,
        longitude: real.lon,
        phone: real.phone,
        timezone: real.tz,
        random,
        areaCode: metroFor(real.chain, real.state).areaCode,
      }),
    );
  }
  for (const shed of SHEDS) {
    used.add(shed.id);
    stores.push({
      locationId: shed.id,
      storeNumber: shed.id.slice(3),
      divisionNumber: shed.id.slice(0, 3),
      chain: 'KROGER',
      name: shed.name,
      phone: '',
      address: { addressLine1: shed.line1, city: shed.city, state: shed.state, zipCode: shed.zip, county: shed.county },
      geolocation: { latitude: shed.lat, longitude: shed.lon, latLng: `${shed.lat},${shed.lon}` },
      hours: { timezone: 'America/New_York', gmtOffset: GMT_OFFSETS['America/New_York'], open24: true, ...allDay() },
      departments: [],
      kind: 'shed',
    });
  }

  const perZip = 4;
  for (const metro of METROS) {
    for (const [zip, lat, lon] of metro.zips) {
      for (let i = 0; i < perZip; i += 1) stores.push(generatedStore(metro, zip, lat, lon, random, used));
    }
  }
  return stores.sort((a, b) => a.locationId.localeCompare(b.locationId));
}

function generatedStore(
  metro: Metro,
  zip: string,
  lat: number,
  lon: number,
  random: () => number,
  used: Set<string>,
): Store {
  const chain = CHAIN_BY_NAME.get(metro.chain)!;
  let locationId: string;
  do {
    locationId = `${metro.division}${String(Math.floor(random() * 99999)).padStart(5, '0')}`;
  } while (used.has(locationId));
  used.add(locationId);
  const marketplace = chain.name === 'KROGER' && random() < 0.25 ? ' Marketplace' : '';
  const latitude = roundCoord(lat + (random() - 0.5) * 0.09);
  const longitude = roundCoord(lon + (random() - 0.5) * 0.11);
  return makeStore({
    locationId,
    chain: chain.name,
    name: `${chain.banner}${marketplace} - ${pick(random, VANITIES)}`,
    line1: `${Math.floor(100 + random() * 9800)} ${pick(random, STREETS)}`,
    city: metro.city,
    state: metro.state,
    zip,
    county: metro.county,
    latitude,
    longitude,
    phone: `${metro.areaCode}${Math.floor(2000000 + random() * 7999999)}`,
    timezone: metro.timezone,
    random,
    areaCode: metro.areaCode,
  });
}
