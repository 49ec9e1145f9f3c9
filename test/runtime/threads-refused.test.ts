/**
 * An engine that validates shared memories but refuses to make one, as a browser page that is
 * not cross-origin isolated may: the detection finds `threads` missing, and shared memories stay
 * `unsupported` at the boundary and in `Memory.new`, naming the feature. Its own file (its own
 * process), because the detection runs once per process and this one must see the refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Memory,
  MemoryType,
  Module,
  supportedFeatures,
  unsupportedFeaturesMessage,
} from '../../src/runtime/index.ts';
import { KIND, SECTION, module, name, vec } from '../../src/runtime/adapters/wasm-writer.ts';
import { freshStore, layerError } from './helpers.ts';

const EngineMemory = WebAssembly.Memory;

/** `WebAssembly.Memory`, except that shared ones are refused. */
class RefusingMemory extends EngineMemory {
  constructor(descriptor: WebAssembly.MemoryDescriptor) {
    if (descriptor.shared === true) throw new TypeError('shared memory is disabled');
    super(descriptor);
  }
}

beforeAll(() => {
  WebAssembly.Memory = RefusingMemory;
});
afterAll(() => {
  WebAssembly.Memory = EngineMemory;
});

describe('an engine that cannot make shared memories', () => {
  it('is detected as lacking threads, though it validates them', () => {
    const canary = module([[SECTION.memory, vec([[0x03, 1, 1]])]]);
    expect(WebAssembly.validate(canary)).toBe(true);
    expect(supportedFeatures().has('threads')).toBe(false);
  });

  it('refuses a shared memory at the boundary and in Memory.new, naming threads', () => {
    const { engine, store } = freshStore();
    const exported = module([
      [SECTION.memory, vec([[0x03, 1, 1]])],
      [SECTION.export, vec([[...name('m'), KIND.memory, 0]])],
    ]);
    const boundary = layerError(() => Module.new(engine, exported), 'unsupported');
    expect(boundary.message).toBe(
      `shared memory is not supported by this engine: ${unsupportedFeaturesMessage(['threads'])}`,
    );
    const made = layerError(
      () => Memory.new(store, new MemoryType(1, 1, { shared: true })),
      'unsupported',
    );
    expect(made.message).toContain('shared memory is not supported by this engine');
    expect(made.message).toContain('\n - threads\n');
    // Unshared memories are unaffected.
    expect(Memory.new(store, new MemoryType(1, 1)).currentPages(store)).toBe(1);
  });
});
