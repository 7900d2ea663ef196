/** The PKCE pair (RFC 7636) an app makes before linking: it keeps the verifier and sends the challenge. */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
}

/** SHA-256 of the bytes; React Native apps pass one (e.g. expo-crypto's `digest`) where `crypto.subtle` is missing. */
export type Sha256 = (data: Uint8Array) => Promise<ArrayBuffer | Uint8Array>;

export async function createPkcePair(sha256?: Sha256): Promise<PkcePair> {
  const crypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    // The verifier is a secret: no Math.random fallback.
    throw new Error('createPkcePair needs crypto.getRandomValues (React Native: react-native-get-random-values)');
  }
  const digest: Sha256 | undefined =
    sha256 ?? (crypto.subtle ? (data) => crypto.subtle!.digest('SHA-256', data as Uint8Array<ArrayBuffer>) : undefined);
  if (!digest) throw new Error('createPkcePair needs crypto.subtle or a sha256 function');
  const codeVerifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const codeChallenge = base64Url(new Uint8Array(await digest(new TextEncoder().encode(codeVerifier))));
  return { codeVerifier, codeChallenge };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url without btoa (absent from older React Native engines). */
function base64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}
