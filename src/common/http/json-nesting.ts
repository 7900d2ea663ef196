const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }

/**
 * Whether a UTF-8 JSON text nests arrays and objects deeper than `maxDepth`, decided on the raw
 * bytes so a hostile document is refused before it becomes objects: every later walk over it
 * (class-transformer, validation, logging) recurses, and a few KB of `[` overflowed the stack.
 * Brackets inside strings do not count. UTF-8 only: the bytes of a multi-byte character are all
 * >= 0x80, so they can never be mistaken for a quote, a backslash or a bracket.
 */
export function exceedsJsonNesting(utf8: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < utf8.length; i += 1) {
    const byte = utf8[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}
