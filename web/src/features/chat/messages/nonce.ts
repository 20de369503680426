// Nonces make message:send idempotent: a retry with the same nonce is stored at most once.
// The server accepts 1-64 characters of [A-Za-z0-9_-].

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export const NONCE_LENGTH = 22; // 132 random bits

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function newNonce(length: number = NONCE_LENGTH): string {
  if (!Number.isInteger(length) || length < 1 || length > 64) {
    throw new RangeError('a nonce has 1 to 64 characters');
  }
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  // 64 symbols: the low 6 bits of a random byte pick one without bias.
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}
