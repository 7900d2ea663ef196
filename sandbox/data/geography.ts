/**
 * Where the seeded stores are: metro areas with real ZIP codes and approximate centroids, the
 * sandbox's stand-in for Kroger's geocoder (a ZIP outside this table finds no stores).
 */
export interface Metro {
  chain: string;
  division: string;
  city: string;
  state: string;
  county: string;
  timezone: string;
  areaCode: string;
  /** [zip, latitude, longitude] */
  zips: [string, number, number][];
}

export const METROS: readonly Metro[] = [
  { chain: 'KROGER', division: '014', city: 'Cincinnati', state: 'OH', county: 'HAMILTON COUNTY', timezone: 'America/New_York', areaCode: '513',
    zips: [['45202', 39.1072, -84.5016], ['45240', 39.2836, -84.5283], ['45219', 39.127, -84.514], ['45231', 39.2337, -84.5442], ['45236', 39.21, -84.3963], ['45248', 39.1647, -84.6633]] },
  { chain: 'KROGER', division: '014', city: 'Dayton', state: 'OH', county: 'MONTGOMERY COUNTY', timezone: 'America/New_York', areaCode: '937',
    zips: [['45402', 39.757, -84.193], ['45377', 39.8906, -84.1988], ['45429', 39.682, -84.158], ['45440', 39.6735, -84.0995]] },
  { chain: 'KROGER', division: '014', city: 'Mason', state: 'OH', county: 'WARREN COUNTY', timezone: 'America/New_York', areaCode: '513',
    zips: [['45040', 39.345, -84.312], ['45039', 39.3284, -84.2299], ['45005', 39.515, -84.303]] },
  { chain: 'KROGER', division: '016', city: 'Columbus', state: 'OH', county: 'FRANKLIN COUNTY', timezone: 'America/New_York', areaCode: '614',
    zips: [['43215', 39.967, -83.004], ['43201', 39.99, -83.0], ['43235', 40.1, -83.07], ['43220', 40.049, -83.065], ['43230', 40.036, -82.876]] },
  { chain: 'KROGER', division: '016', city: 'Toledo', state: 'OH', county: 'LUCAS COUNTY', timezone: 'America/New_York', areaCode: '419',
    zips: [['43604', 41.652, -83.538], ['43615', 41.65, -83.67], ['43623', 41.707, -83.667]] },
  { chain: 'KROGER', division: '029', city: 'Charleston', state: 'WV', county: 'KANAWHA COUNTY', timezone: 'America/New_York', areaCode: '304',
    zips: [['25301', 38.35, -81.63], ['25302', 38.385, -81.65], ['25314', 38.3288, -81.6704]] },
  { chain: 'KROGER', division: '021', city: 'Roanoke', state: 'VA', county: 'ROANOKE CITY', timezone: 'America/New_York', areaCode: '540',
    zips: [['24011', 37.27, -79.94], ['24018', 37.23, -80.02], ['24012', 37.3133, -79.9012]] },
  { chain: 'KROGER', division: '011', city: 'Atlanta', state: 'GA', county: 'FULTON COUNTY', timezone: 'America/New_York', areaCode: '404',
    zips: [['30303', 33.7525, -84.3915], ['30309', 33.798, -84.388], ['30342', 33.884, -84.376], ['30305', 33.8318, -84.3854]] },
  { chain: 'KROGER', division: '018', city: 'Louisville', state: 'KY', county: 'JEFFERSON COUNTY', timezone: 'America/Kentucky/Louisville', areaCode: '502',
    zips: [['40202', 38.25, -85.75], ['40207', 38.26, -85.65], ['40220', 38.2151, -85.6214]] },
  { chain: 'KROGER', division: '026', city: 'Nashville', state: 'TN', county: 'DAVIDSON COUNTY', timezone: 'America/Chicago', areaCode: '615',
    zips: [['37203', 36.15, -86.79], ['37215', 36.1, -86.82], ['37211', 36.0723, -86.7241]] },
  { chain: 'KROGER', division: '034', city: 'Dallas', state: 'TX', county: 'DALLAS COUNTY', timezone: 'America/Chicago', areaCode: '214',
    zips: [['75201', 32.788, -96.799], ['75230', 32.9, -96.79], ['75206', 32.8309, -96.7689]] },
  { chain: 'KROGER', division: '035', city: 'Houston', state: 'TX', county: 'HARRIS COUNTY', timezone: 'America/Chicago', areaCode: '713',
    zips: [['77002', 29.756, -95.365], ['77057', 29.742, -95.49], ['77008', 29.7993, -95.4176]] },
  { chain: 'KROGER', division: '024', city: 'Indianapolis', state: 'IN', county: 'MARION COUNTY', timezone: 'America/Indiana/Indianapolis', areaCode: '317',
    zips: [['46204', 39.771, -86.157], ['46220', 39.865, -86.108], ['46250', 39.9049, -86.0679]] },
  { chain: 'KINGSOOPERS', division: '620', city: 'Denver', state: 'CO', county: 'DENVER COUNTY', timezone: 'America/Denver', areaCode: '303',
    zips: [['80202', 39.753, -104.999], ['80220', 39.733, -104.913], ['80210', 39.679, -104.963], ['80211', 39.7672, -105.0205]] },
  { chain: 'CITYMARKET', division: '620', city: 'Grand Junction', state: 'CO', county: 'MESA COUNTY', timezone: 'America/Denver', areaCode: '970',
    zips: [['81501', 39.064, -108.55], ['81611', 39.191, -106.818]] },
  { chain: 'DILLONS', division: '615', city: 'Wichita', state: 'KS', county: 'SEDGWICK COUNTY', timezone: 'America/Chicago', areaCode: '316',
    zips: [['67202', 37.687, -97.335], ['67002', 37.694, -97.115], ['67206', 37.7037, -97.2258]] },
  { chain: 'BAKERS', division: '615', city: 'Omaha', state: 'NE', county: 'DOUGLAS COUNTY', timezone: 'America/Chicago', areaCode: '402',
    zips: [['68102', 41.262, -95.933], ['68164', 41.295, -96.112], ['68124', 41.2345, -96.0496]] },
  { chain: 'GERBES', division: '615', city: 'Columbia', state: 'MO', county: 'BOONE COUNTY', timezone: 'America/Chicago', areaCode: '573',
    zips: [['65201', 38.938, -92.315], ['65203', 38.9238, -92.3699]] },
  { chain: 'FRYS', division: '660', city: 'Phoenix', state: 'AZ', county: 'MARICOPA COUNTY', timezone: 'America/Phoenix', areaCode: '480',
    zips: [['85004', 33.451, -112.07], ['85233', 33.35, -111.813], ['85251', 33.494, -111.921], ['85032', 33.6263, -112.0036]] },
  { chain: 'FRED', division: '701', city: 'Portland', state: 'OR', county: 'MULTNOMAH COUNTY', timezone: 'America/Los_Angeles', areaCode: '503',
    zips: [['97209', 45.531, -122.685], ['97214', 45.514, -122.643], ['97219', 45.4548, -122.6987]] },
  { chain: 'RALPHS', division: '703', city: 'Los Angeles', state: 'CA', county: 'LOS ANGELES COUNTY', timezone: 'America/Los_Angeles', areaCode: '818',
    zips: [['90012', 34.061, -118.239], ['91502', 34.176, -118.31], ['90046', 34.107, -118.365], ['90025', 34.0448, -118.4487]] },
  { chain: 'FOOD4LESS', division: '703', city: 'Long Beach', state: 'CA', county: 'LOS ANGELES COUNTY', timezone: 'America/Los_Angeles', areaCode: '562',
    zips: [['90813', 33.784, -118.184], ['90805', 33.8641, -118.1802]] },
  { chain: 'FOODSCO', division: '703', city: 'San Francisco', state: 'CA', county: 'SAN FRANCISCO COUNTY', timezone: 'America/Los_Angeles', areaCode: '415',
    zips: [['94110', 37.75, -122.415]] },
  { chain: 'QFC', division: '705', city: 'Seattle', state: 'WA', county: 'KING COUNTY', timezone: 'America/Los_Angeles', areaCode: '206',
    zips: [['98122', 47.611, -122.304], ['98105', 47.663, -122.301], ['98115', 47.6849, -122.2968]] },
  { chain: 'SMITHS', division: '706', city: 'Salt Lake City', state: 'UT', county: 'SALT LAKE COUNTY', timezone: 'America/Denver', areaCode: '801',
    zips: [['84102', 40.76, -111.863], ['84106', 40.706, -111.855], ['84121', 40.6231, -111.8246]] },
  { chain: 'HART', division: '097', city: 'Baltimore', state: 'MD', county: 'BALTIMORE CITY', timezone: 'America/New_York', areaCode: '410',
    zips: [['21230', 39.27, -76.623], ['21202', 39.296, -76.607], ['21224', 39.2858, -76.5532]] },
  { chain: 'HART', division: '097', city: 'Charlotte', state: 'NC', county: 'MECKLENBURG COUNTY', timezone: 'America/New_York', areaCode: '704',
    zips: [['28202', 35.227, -80.843], ['28209', 35.179, -80.855], ['28277', 35.0557, -80.8197]] },
  { chain: 'MARIANOS', division: '534', city: 'Chicago', state: 'IL', county: 'COOK COUNTY', timezone: 'America/Chicago', areaCode: '312',
    zips: [['60601', 41.886, -87.618], ['60614', 41.922, -87.653], ['60657', 41.9399, -87.6536]] },
  { chain: 'PICK N SAVE', division: '534', city: 'Milwaukee', state: 'WI', county: 'MILWAUKEE COUNTY', timezone: 'America/Chicago', areaCode: '414',
    zips: [['53202', 43.043, -87.899], ['53211', 43.082, -87.887], ['53219', 42.9958, -87.9939]] },
  { chain: 'METRO MARKET', division: '534', city: 'Wauwatosa', state: 'WI', county: 'MILWAUKEE COUNTY', timezone: 'America/Chicago', areaCode: '414',
    zips: [['53226', 43.049, -88.042]] },
  { chain: 'RULER', division: '018', city: 'Evansville', state: 'IN', county: 'VANDERBURGH COUNTY', timezone: 'America/Chicago', areaCode: '812',
    zips: [['47708', 37.974, -87.575], ['47714', 37.9545, -87.5216]] },
  { chain: 'JAYC', division: '024', city: 'Seymour', state: 'IN', county: 'JACKSON COUNTY', timezone: 'America/Indiana/Indianapolis', areaCode: '812',
    zips: [['47274', 38.959, -85.89]] },
  { chain: 'PAYLESS', division: '024', city: 'Lafayette', state: 'IN', county: 'TIPPECANOE COUNTY', timezone: 'America/Indiana/Indianapolis', areaCode: '765',
    zips: [['47901', 40.417, -86.89]] },
  { chain: 'HART', division: '097', city: 'Greensboro', state: 'NC', county: 'GUILFORD COUNTY', timezone: 'America/New_York', areaCode: '336',
    zips: [['27408', 36.1, -79.82]] },
];

/** ZIP → centroid, for filter.zipCode.near. */
export const ZIP_CENTROIDS = new Map<string, { latitude: number; longitude: number }>(
  METROS.flatMap((metro) => metro.zips.map(([zip, latitude, longitude]) => [zip, { latitude, longitude }] as const)),
);

export const GMT_OFFSETS: Record<string, string> = {
  'America/New_York': '(UTC-05:00) Eastern Time (US Canada)',
  'America/Kentucky/Louisville': '(UTC-05:00) Eastern Time (US Canada)',
  'America/Indiana/Indianapolis': '(UTC-05:00) Indiana (East)',
  'America/Chicago': '(UTC-06:00) Central Time (US Canada)',
  'America/Denver': '(UTC-07:00) Mountain Time (US Canada)',
  'America/Phoenix': '(UTC-07:00) Arizona',
  'America/Los_Angeles': '(UTC-08:00) Pacific Time (US Canada)',
};

export function distanceMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 3958.8 * 2 * Math.asin(Math.sqrt(h));
}
