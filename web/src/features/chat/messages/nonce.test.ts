import { NONCE_LENGTH, NONCE_PATTERN, newNonce } from './nonce';

describe('newNonce', () => {
  it('follows the server rule: 1-64 characters of [A-Za-z0-9_-]', () => {
    for (let i = 0; i < 200; i++) expect(newNonce()).toMatch(NONCE_PATTERN);
    expect(newNonce()).toHaveLength(NONCE_LENGTH);
    expect(newNonce(1)).toMatch(/^[A-Za-z0-9_-]$/);
    expect(newNonce(64)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('refuses lengths the server would refuse', () => {
    expect(() => newNonce(0)).toThrow(RangeError);
    expect(() => newNonce(65)).toThrow(RangeError);
    expect(() => newNonce(2.5)).toThrow(RangeError);
  });

  it('is random', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(seen.size).toBe(1000);
  });

  it('draws from crypto.getRandomValues and uses every symbol', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = i + 64; // byte & 63 = i
      return array;
    });
    try {
      expect(newNonce(64)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
