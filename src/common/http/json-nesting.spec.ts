import { exceedsJsonNesting } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('exceedsJsonNesting', () => {
  it('counts arrays and objects alike, up to and including the limit', () => {
    expect(exceedsJsonNesting(bytes('{"items":[{"upc":"1"}]}'), 3)).toBe(false);
    expect(exceedsJsonNesting(bytes('{"items":[{"upc":"1"}]}'), 2)).toBe(true);
    expect(exceedsJsonNesting(bytes('['.repeat(32) + ']'.repeat(32)), 32)).toBe(false);
    expect(exceedsJsonNesting(bytes('['.repeat(33) + ']'.repeat(33)), 32)).toBe(true);
  });

  it('measures depth, not the number of siblings', () => {
    expect(exceedsJsonNesting(bytes(`[${'[],'.repeat(1000)}[]]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonNesting(bytes(JSON.stringify({ name: '[[[[{{{{' })), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes(JSON.stringify({ name: 'say "[[[[" \\ ok' })), 1)).toBe(false);
    expect(exceedsJsonNesting(bytes(`{"a":"\\\\","b":[[[]]]}`), 3)).toBe(true);
  });

  it('is not confused by multi-byte characters', () => {
    expect(exceedsJsonNesting(bytes(JSON.stringify({ name: 'Crème brûlée 🍮 [' })), 1)).toBe(false);
  });

  it('stops at the first level too deep, so a huge hostile body costs little', () => {
    // Counted, not timed: the bytes it reads of a 10 MB body, through a proxy over the buffer.
    const hostile = bytes('['.repeat(10_000_000));
    let read = 0;
    const counted = new Proxy(hostile, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read += 1;
        return Reflect.get(target, key) as unknown;
      },
    });
    expect(exceedsJsonNesting(counted, 32)).toBe(true);
    expect(read).toBe(33);
  });
});
