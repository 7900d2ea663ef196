/**
 * Scanned product codes to Kroger's 13-digit productId: the GTIN without its check digit,
 * left-padded with zeros (KROGER_API.md §3). Pure, so every rule is one table test away.
 *
 * Some forms cannot be told apart by their digits alone (8 digits are a UPC-E or an EAN-8; 13 are
 * Kroger's own id or an EAN-13 with its check digit; a variable-measure code may or may not have
 * its price zeroed in Kroger's catalogue). So a reading yields every candidate id, in order of
 * preference, and the caller looks them all up in one batched call and keeps the first that exists.
 */

export const BARCODE_FORMATS = ['upc-a', 'upc-e', 'ean-8', 'ean-13', 'gtin-14', 'plu'] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

/** How a code was read: one candidate productId, and the form that gave it. */
export interface BarcodeCandidate {
  productId: string;
  format: BarcodeFormat | 'kroger-id';
  /** A variable-measure code whose embedded price or weight digits were zeroed. */
  variableMeasure?: true;
}

/** A code that is no product code; `rule` is stable for clients (`gtin_check_digit`, `barcode_length`, ...). */
export class BarcodeError extends Error {
  constructor(
    readonly rule: 'barcode_digits' | 'barcode_length' | 'gtin_check_digit' | 'upc_e_number_system',
    message: string,
  ) {
    super(message);
    this.name = 'BarcodeError';
  }
}

/** Which forms a length may be, when the client does not say. */
const FORMATS_BY_LENGTH: Record<number, BarcodeFormat[]> = {
  4: ['plu'],
  5: ['plu'],
  6: ['upc-e'],
  7: ['upc-e'],
  8: ['upc-e', 'ean-8'],
  11: ['upc-a'],
  12: ['upc-a'],
  13: ['ean-13'],
  14: ['gtin-14'],
};

/** Lengths each form may be scanned as: with its check digit, and the forms scanners send without. */
const LENGTHS: Record<BarcodeFormat, number[]> = {
  plu: [4, 5],
  'upc-e': [6, 7, 8],
  'ean-8': [7, 8],
  'upc-a': [11, 12],
  'ean-13': [12, 13],
  'gtin-14': [13, 14],
};

/** Lengths whose last digit is a check digit, per form. */
const WITH_CHECK: Record<BarcodeFormat, number | undefined> = {
  plu: undefined,
  'upc-e': 8,
  'ean-8': 8,
  'upc-a': 12,
  'ean-13': 13,
  'gtin-14': 14,
};

/**
 * A code as scanned from a package. 13 digits are an EAN-13 with its check digit here (a scanner
 * never shows Kroger's id); use `readProductCode` where Kroger's own id is also welcome.
 */
export function readScannedBarcode(code: string, format?: BarcodeFormat): BarcodeCandidate[] {
  const digits = onlyDigits(code);
  const formats = format ? [format] : FORMATS_BY_LENGTH[digits.length];
  if (!formats) throw new BarcodeError('barcode_length', lengthMessage());
  if (format && !LENGTHS[format].includes(digits.length))
    throw new BarcodeError('barcode_length', `must have ${LENGTHS[format].join(' or ')} digits as ${format}`);
  const candidates: BarcodeCandidate[] = [];
  const errors: BarcodeError[] = [];
  for (const form of formats) {
    try {
      candidates.push(...readAs(digits, form));
    } catch (error) {
      if (!(error instanceof BarcodeError)) throw error;
      errors.push(error);
    }
  }
  if (candidates.length === 0) {
    const checks = errors.filter((e) => e.rule === 'gtin_check_digit');
    // A wrong check digit says more than "not this form" when another form was possible.
    if (checks.length > 1)
      throw new BarcodeError(
        'gtin_check_digit',
        `must end in a valid check digit for ${formats.join(' or ')} (GS1 mod-10)`,
      );
    throw checks[0] ?? errors[0];
  }
  return unique(candidates);
}

/**
 * Kroger's 13-digit id or any scanned form (ids=, MCP tools). 13 digits are Kroger's id first; when
 * they also carry a valid EAN-13 check digit, the EAN-13 reading is the second candidate.
 */
export function readProductCode(code: string): BarcodeCandidate[] {
  const digits = onlyDigits(code);
  if (digits.length !== 13) return readScannedBarcode(digits);
  const asKrogerId: BarcodeCandidate = { productId: digits, format: 'kroger-id' };
  if (!hasValidCheckDigit(digits)) return [asKrogerId];
  return unique([asKrogerId, ...readAs(digits, 'ean-13')]);
}

/** GS1 mod-10: weights 3 and 1 from the right of the digits before the check digit. */
export function gs1CheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    const fromRight = payload.length - i;
    sum += Number(payload[i]) * (fromRight % 2 === 1 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(digits: string): boolean {
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** UPC-E's six digits (with number system 0 or 1) to the 11 data digits of its UPC-A. */
export function expandUpcE(numberSystem: string, six: string): string {
  const [d1, d2, d3, d4, d5, d6] = six;
  switch (d6) {
    case '0':
    case '1':
    case '2':
      return `${numberSystem}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
    case '3':
      return `${numberSystem}${d1}${d2}${d3}00000${d4}${d5}`;
    case '4':
      return `${numberSystem}${d1}${d2}${d3}${d4}00000${d5}`;
    default:
      return `${numberSystem}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
}

function readAs(digits: string, format: BarcodeFormat): BarcodeCandidate[] {
  if (format === 'plu') return [{ productId: toProductId(digits), format }];
  if (format === 'upc-e') return [{ productId: toProductId(upcEPayload(digits)), format }];
  const payload = checked(digits, format);
  const candidate: BarcodeCandidate = { productId: toProductId(payload), format };
  const zeroed = variableMeasurePayload(payload, format);
  return zeroed ? [candidate, { productId: toProductId(zeroed), format, variableMeasure: true }] : [candidate];
}

/** The data digits of a UPC-E (6, 7 or 8 digits) as UPC-A, its check digit verified when present. */
function upcEPayload(digits: string): string {
  const numberSystem = digits.length === 6 ? '0' : digits[0];
  if (numberSystem !== '0' && numberSystem !== '1')
    throw new BarcodeError('upc_e_number_system', 'must start with number system 0 or 1 as upc-e');
  const six = digits.length === 6 ? digits : digits.slice(1, 7);
  const payload = expandUpcE(numberSystem, six);
  if (digits.length === 8 && gs1CheckDigit(payload) !== Number(digits[7]))
    throw new BarcodeError('gtin_check_digit', checkMessage('upc-e', gs1CheckDigit(payload)));
  return payload;
}

/** The digits before the check digit, after verifying it (when this length carries one). */
function checked(digits: string, format: BarcodeFormat): string {
  if (digits.length !== WITH_CHECK[format]) return digits;
  const payload = digits.slice(0, -1);
  const expected = gs1CheckDigit(payload);
  if (expected !== Number(digits.at(-1))) throw new BarcodeError('gtin_check_digit', checkMessage(format, expected));
  return payload;
}

/**
 * Price- or weight-embedded codes (UPC-A number system 2, which is EAN-13 prefix 02; EAN-13 prefixes
 * 20-29, GS1's restricted-circulation range) name the item in their first digits and the package's
 * price or weight in the last five. Kroger lists such items with those five digits zeroed; the price
 * on the label is not decoded. Judged on the 12 data digits of the EAN-13, so a UPC-A label reads
 * the same whether the scanner sends it as 12 digits or as 13 with a leading zero.
 */
function variableMeasurePayload(payload: string, format: BarcodeFormat): string | undefined {
  if ((format !== 'upc-a' && format !== 'ean-13') || !/^(02|2)/.test(payload.padStart(12, '0'))) return undefined;
  const zeroed = `${payload.slice(0, -5)}00000`;
  return zeroed === payload ? undefined : zeroed;
}

function toProductId(payload: string): string {
  return payload.padStart(13, '0');
}

function onlyDigits(code: string): string {
  // Scanners and people add spaces and dashes (0 12345 67890 5); nothing else is allowed.
  const digits = code.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) throw new BarcodeError('barcode_digits', 'must be digits only');
  return digits;
}

function unique(candidates: BarcodeCandidate[]): BarcodeCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.productId) && seen.add(c.productId));
}

function lengthMessage(): string {
  return 'must be a PLU (4-5 digits), UPC-E (6-8), EAN-8 (8), UPC-A (11-12), EAN-13 (13) or GTIN-14 (14)';
}

function checkMessage(format: BarcodeFormat, expected: number): string {
  return `must end in the check digit ${expected} as ${format} (GS1 mod-10)`;
}
