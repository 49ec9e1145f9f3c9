import { describe, expect, it } from 'vitest';
import { ByteCache } from '../../../src/background/store/byte-cache.ts';

const bytes = (length: number) => new Uint8Array(length);

describe('ByteCache', () => {
  it('evicts the least recently used modules to stay within its budget', () => {
    const cache = new ByteCache(100);
    cache.put('a', bytes(40));
    cache.put('b', bytes(40));
    cache.get('a'); // a is now more recent than b
    expect(cache.put('c', bytes(40))).toEqual(['b']);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(80);
  });

  it('does not keep a module larger than the whole budget', () => {
    const cache = new ByteCache(100);
    cache.put('a', bytes(10));
    expect(cache.put('huge', bytes(101))).toEqual([]);
    expect(cache.has('huge')).toBe(false);
    expect(cache.has('a')).toBe(true);
  });

  it('replacing an entry does not count it twice', () => {
    const cache = new ByteCache(100);
    cache.put('a', bytes(60));
    cache.put('a', bytes(60));
    expect(cache.size).toBe(60);
  });
});
