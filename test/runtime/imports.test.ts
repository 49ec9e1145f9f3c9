import { describe, expect, it } from 'vitest';
import { Func, FuncType, Imports, Memory, MemoryType } from '../../src/runtime/index.ts';
import { freshStore, layerError } from './helpers.ts';

describe('Imports (B1–B3)', () => {
  const { store } = freshStore();
  const f = Func.new(store, new FuncType([], []), () => {});
  const g = Func.new(store, new FuncType([], []), () => {});
  const m = Memory.new(store, new MemoryType(1));

  it('answers exists and containsNamespace by exact keys (B1)', () => {
    const imports = new Imports();
    imports.define('env', 'f', f);
    expect(imports.exists('env', 'f')).toBe(true);
    expect(imports.exists('env', 'g')).toBe(false);
    expect(imports.containsNamespace('env')).toBe(true);
    expect(imports.containsNamespace('en')).toBe(false);
  });

  it('keeps one entry per key and the last definition wins (B2)', () => {
    const imports = new Imports();
    imports.define('env', 'f', f);
    imports.define('env', 'f', g);
    expect([...imports]).toHaveLength(1);
    expect(imports.getExport('env', 'f')).toBe(g);
  });

  it('registers a namespace of entries and an empty set iterates nothing (B3)', () => {
    const imports = new Imports();
    imports.registerNamespace('ns', [
      ['a', f],
      ['b', m],
    ]);
    expect(imports.exists('ns', 'a') && imports.exists('ns', 'b')).toBe(true);
    expect([...imports].map(([ns, name]) => `${ns}.${name}`)).toEqual(['ns.a', 'ns.b']);
    expect([...new Imports()]).toEqual([]);
  });

  it('refuses something that is not an extern', () => {
    layerError(() => new Imports().define('env', 'x', {} as Func), 'type');
  });
});
