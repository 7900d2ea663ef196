import { BarcodeError, BarcodeFormat, expandUpcE, gs1CheckDigit, readProductCode, readScannedBarcode } from './barcode';

const ids = (code: string, format?: BarcodeFormat) => readScannedBarcode(code, format).map((c) => c.productId);

function ruleOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof BarcodeError) return error.rule;
    throw error;
  }
  return undefined;
}

describe('barcode', () => {
  it.each([
    // [scanned, format given, Kroger productId candidates in order]
    ['036000291452', undefined, ['0003600029145']], // UPC-A with check digit
    ['011110417008', undefined, ['0001111041700']], // UPC-A of the sandbox's 2% milk
    ['01111041700', undefined, ['0001111041700']], // UPC-A without check digit
    ['0 11110 41700 8', undefined, ['0001111041700']], // as printed under the bars
    ['4006381333931', undefined, ['0400638133393']], // EAN-13 with check digit
    ['96385074', undefined, ['0000009638507']], // EAN-8 (number system 9: no UPC-E)
    ['04252614', undefined, ['0004210000526']], // UPC-E, last digit 1: manufacturer 42100 (EAN-8 check fails)
    ['01234572', undefined, ['0001234500007', '0000000123457']], // valid both as UPC-E (d6 = 5-9) and EAN-8
    ['01234572', 'ean-8', ['0000000123457']], // the client says which
    ['425261', undefined, ['0004210000526']], // UPC-E as six digits (number system 0)
    ['0425261', undefined, ['0004210000526']], // UPC-E without check digit
    ['10036000291459', undefined, ['1003600029145']], // GTIN-14 (case of UPC-A 036000291452)
    ['4011', undefined, ['0000000004011']], // PLU (bananas)
    ['400638133393', 'ean-13', ['0400638133393']], // EAN-13 without check digit, when named
    ['201157012995', undefined, ['0020115701299', '0020115700000']], // variable-measure UPC-A: item 01157
    ['2001234012348', undefined, ['0200123401234', '0200123400000']], // EAN-13 in-store range 20-29
    ['0201157012995', undefined, ['0020115701299', '0020115700000']], // the same UPC-A label read as EAN-13 (prefix 02)
  ] as const)('reads %s (%s) as %j', (code, format, expected) => {
    expect(ids(code, format)).toEqual(expected);
  });

  it.each([
    ['3: manufacturer keeps d1-d3', '123453', '0001230000045'],
    ['4: manufacturer keeps d1-d4', '123454', '0001234000005'],
    ['0-2: manufacturer ends in d6 00', '123450', '0001200000345'],
  ])('expands UPC-E by its last digit (%s)', (_rule, six, productId) => {
    expect(expandUpcE('0', six).padStart(13, '0')).toBe(productId);
  });

  it.each([
    ['036000291453', undefined, 'gtin_check_digit'],
    ['4006381333932', undefined, 'gtin_check_digit'],
    ['96385075', undefined, 'gtin_check_digit'],
    ['04252615', 'upc-e', 'gtin_check_digit'],
    ['10036000291458', undefined, 'gtin_check_digit'],
    ['2425261', 'upc-e', 'upc_e_number_system'],
    ['123456789', undefined, 'barcode_length'],
    ['12345678', 'upc-a', 'barcode_length'],
    ['03600029145x', undefined, 'barcode_digits'],
  ] as const)('refuses %s (%s): %s', (code, format, rule) => {
    expect(ruleOf(() => readScannedBarcode(code, format))).toBe(rule);
  });

  it('names both forms when an 8-digit code fails the check digit of each', () => {
    expect(() => readScannedBarcode('01234573')).toThrow('must end in a valid check digit for upc-e or ean-8');
  });

  it('reads 13 digits as Kroger’s id first, and as an EAN-13 too only when its check digit holds', () => {
    expect(readProductCode('0001111041700').map((c) => c.productId)).toEqual(['0001111041700']);
    expect(readProductCode('4006381333931')).toEqual([
      { productId: '4006381333931', format: 'kroger-id' },
      { productId: '0400638133393', format: 'ean-13' },
    ]);
    expect(readProductCode('036000291452').map((c) => c.productId)).toEqual(['0003600029145']);
    // A weighed item's label as a 13-digit read still finds the item with its price digits zeroed.
    expect(readProductCode('0201157012995').map((c) => c.productId)).toEqual([
      '0201157012995',
      '0020115701299',
      '0020115700000',
    ]);
  });

  it('computes GS1 mod-10 check digits', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('9638507')).toBe(4);
  });
});
