import { describe, expect, it } from 'vitest';
import { Wobbly } from '../../src/runtime/index.ts';

describe('Wobbly (K1–K6)', () => {
  it('a new member upgrades and counts one strong and one weak; a clone adds a weak (K1)', () => {
    const a = Wobbly.new('value');
    expect(a.upgrade()).toBe('value');
    expect(a.strongCount).toBe(1);
    expect(a.weakCount).toBe(1);
    const b = a.clone();
    expect(a.weakCount).toBe(2);
    expect(b.upgrade()).toBe('value');
  });

  it('dropping either member releases the value for the whole group (K2)', () => {
    for (const dropFirst of [true, false]) {
      const released: string[] = [];
      const a = Wobbly.new('v', (v) => released.push(v));
      const b = a.clone();
      (dropFirst ? a : b).drop();
      const other = dropFirst ? b : a;
      expect(released).toEqual(['v']);
      expect(other.upgrade()).toBeUndefined();
      expect(other.strongCount).toBe(0);
      expect(other.weakCount).toBe(0);
    }
  });

  it('a value upgraded before the release stays usable by its holder, but no member upgrades (K3)', () => {
    const a = Wobbly.new({ n: 1 });
    const b = a.clone();
    const held = a.upgrade();
    b.drop();
    expect(held).toEqual({ n: 1 });
    expect(a.upgrade()).toBeUndefined();
  });

  it('an outside owner keeps its own reference after the group released it (K4)', () => {
    const value = { n: 1 };
    const a = Wobbly.new(value);
    a.drop();
    expect(value.n).toBe(1);
    expect(a.upgrade()).toBeUndefined();
  });

  it('two groups over one value release independently (K5)', () => {
    const value = {};
    const released: number[] = [];
    const g1 = Wobbly.new(value, () => released.push(1));
    const g2 = Wobbly.new(value, () => released.push(2));
    g1.drop();
    expect(g2.upgrade()).toBe(value);
    g2.drop();
    expect(released).toEqual([1, 2]);
  });

  it('later drops change nothing, and a downgraded pointer upgrades only before the release (K6)', () => {
    let releases = 0;
    const a = Wobbly.new('v', () => releases++);
    const b = a.clone();
    const weak = a.downgrade();
    expect(a.weakCount).toBe(3);
    expect(weak.upgrade()).toBe('v');
    a.drop();
    b.drop();
    b.drop();
    expect(releases).toBe(1);
    expect(weak.upgrade()).toBeUndefined();
    expect(b.weakCount).toBe(0);
  });

  it('Symbol.dispose drops the member', () => {
    const a = Wobbly.new('v');
    const b = a.clone();
    {
      using _member = b;
    }
    expect(a.upgrade()).toBeUndefined();
  });
});
