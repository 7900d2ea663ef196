/** Kroger's chains as /v1/chains returns them (names verified against the live list, §4.4). */
export interface Chain {
  name: string;
  divisionNumbers: string[];
  domain: string;
  friendlyBannerName: string;
  defaultTitle: string;
  titleExtension: string;
  appleAppId: string;
  googleAppId: string;
  themeColor: string;
  description: string;
  modalityCapabilities: { delivery: boolean; instore: boolean; curbside: boolean; shiptohome: boolean };
  /** Banner shown on the store name and the consent page; not part of Kroger's object. */
  banner: string;
  consentBanner: string;
}

const chain = (
  name: string,
  banner: string,
  domain: string,
  divisions: string[],
  themeColor: string,
  consentBanner: string,
  appId: string,
): Chain => ({
  name,
  divisionNumbers: divisions,
  domain,
  friendlyBannerName: banner,
  defaultTitle: `${banner} - Grocery Delivery & Pickup`,
  titleExtension: ` | ${banner}`,
  appleAppId: `app-id=${appId}`,
  googleAppId: `app-id=com.${consentBanner}.mobile`,
  themeColor,
  description: `Shop ${banner} for groceries, pickup and delivery.`,
  modalityCapabilities: { delivery: true, instore: true, curbside: true, shiptohome: name !== 'RULER' },
  banner,
  consentBanner,
});

export const CHAINS: readonly Chain[] = [
  chain(
    'KROGER',
    'Kroger',
    'kroger.com',
    ['011', '014', '016', '018', '021', '024', '026', '029', '034', '035'],
    '#0F4B93',
    'kroger',
    '584405207',
  ),
  chain('HART', 'Harris Teeter', 'harristeeter.com', ['097'], '#00703C', 'harristeeter', '520364427'),
  chain('RALPHS', 'Ralphs', 'ralphs.com', ['703'], '#E31837', 'ralphs', '584473734'),
  chain('SMITHS', "Smith's", 'smithsfoodanddrug.com', ['706'], '#E31837', 'smithsfoodanddrug', '584406012'),
  chain('FRYS', "Fry's", 'frysfood.com', ['660'], '#E31837', 'frysfood', '584405927'),
  chain('FRED', 'Fred Meyer', 'fredmeyer.com', ['701'], '#006AB4', 'fredmeyer', '584405829'),
  chain('KINGSOOPERS', 'King Soopers', 'kingsoopers.com', ['620'], '#E31837', 'kingsoopers', '584406285'),
  chain('FOOD4LESS', 'Food 4 Less', 'food4less.com', ['703'], '#F5A800', 'food4less', '1046372871'),
  chain('PICK N SAVE', "Pick 'n Save", 'picknsave.com', ['534'], '#E31837', 'picknsave', '1103582262'),
  chain('DILLONS', 'Dillons', 'dillons.com', ['615'], '#E31837', 'dillons', '584405667'),
  chain('QFC', 'Quality Food Center', 'qfc.com', ['705'], '#007A53', 'qfc', '584406153'),
  chain('RULER', 'Ruler Foods', 'rulerfoods.com', ['018'], '#D71920', 'rulerfoods', '1436547351'),
  chain('MARIANOS', "Mariano's", 'marianos.com', ['534'], '#3E2B2E', 'marianos', '1103582519'),
  chain('CITYMARKET', 'City Market', 'citymarket.com', ['620'], '#E31837', 'citymarket', '584406378'),
  chain('METRO MARKET', 'Metro Market', 'metromarket.net', ['534'], '#6A1B2A', 'metromarket', '1103582707'),
  chain('JAYC', 'JayC', 'jaycfoods.com', ['024'], '#E31837', 'jaycfoods', '584406468'),
  chain('FOODSCO', 'Foods Co', 'foodsco.net', ['703'], '#F5A800', 'foodsco', '1046373012'),
  chain('BAKERS', "Baker's", 'bakersplus.com', ['615'], '#E31837', 'bakersplus', '584405550'),
  chain('PAYLESS', 'Pay Less', 'pay-less.com', ['024'], '#E31837', 'payless', '584406532'),
  chain('GERBES', 'Gerbes', 'gerbes.com', ['615'], '#E31837', 'gerbes', '584406621'),
  chain(
    'HARRIS TEETER FUEL',
    'Harris Teeter Fuel Center',
    'harristeeter.com',
    ['097'],
    '#00703C',
    'harristeeter',
    '520364427',
  ),
];

export const CHAIN_BY_NAME = new Map(CHAINS.map((c) => [c.name, c]));
