/**
 * Node-side assembling of WAT text into module bytes: wabt.js first (all features, no
 * validation, because rejecting invalid modules is the engine's job under test), binaryen.js
 * when wabt cannot parse the text (it knows more of the GC and exception proposals).
 */
import { ALL_WABT_FEATURES, loadWabt } from '../support/wat.ts';
import type { ModuleSource } from './commands.ts';
import type { WastModule } from '../support/wast.ts';

/** Base64 of raw bytes, without Node's Buffer so the format matches the browser decoder. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error && 'message' in error) return String(error.message);
  return String(error);
}

/**
 * wabt 1.0.39 writes some post-MVP constructs wrongly (multi-memory data segments, some GC
 * reference types and recursion groups) without complaint. Reading its own output back, and
 * validating it when the module must be valid, catches those so binaryen can take over.
 */
async function assembleWithWabt(text: string, mustBeInvalid: boolean): Promise<Uint8Array> {
  const wabt = await loadWabt();
  // wabt.js copies a JS string byte by byte (dropping high bits); UTF-8 bytes keep names intact.
  const module = wabt.parseWat('spec.wat', new TextEncoder().encode(text), ALL_WABT_FEATURES);
  let bytes: Uint8Array;
  try {
    module.resolveNames();
    bytes = new Uint8Array(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
  const readBack = wabt.readWasm(bytes, { readDebugNames: false, ...ALL_WABT_FEATURES });
  try {
    if (!mustBeInvalid) readBack.validate();
  } finally {
    readBack.destroy();
  }
  return bytes;
}

type Binaryen = (typeof import('binaryen'))['default'];
let binaryenLoad: Promise<Binaryen> | undefined;

/** binaryen.js takes long to load, and cached runs never need it: import it on first use. */
function loadBinaryen(): Promise<Binaryen> {
  binaryenLoad ??= import('binaryen').then((imported) => imported.default);
  return binaryenLoad;
}

async function assembleWithBinaryen(text: string, mustBeInvalid: boolean): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  // binaryen.js accepts a feature set here although its typings omit the parameter; without
  // it the parser rejects post-MVP syntax.
  const parseText = binaryen.parseText as (
    text: string,
    features?: number,
  ) => ReturnType<Binaryen['parseText']>;
  // Everything except encodings no shipping engine reads yet: compact imports, and exact
  // reference types (custom descriptors, bit 21, which has no named constant in binaryen.js).
  const compactImports = (binaryen.Features as unknown as Record<string, number>).CompactImports;
  const customDescriptors = 1 << 21;
  const features = binaryen.Features.All & ~(compactImports ?? 0) & ~customDescriptors;
  const module = parseText(text, features);
  try {
    module.setFeatures(features);
    // binaryen builds IR, and may drop the very code that made a module invalid (unreachable
    // tails, for one); a module its validator accepts is then no longer the module under test.
    if (mustBeInvalid && withQuietStderr(() => module.validate())) {
      throw new Error('binaryen turned the invalid module into a valid one');
    }
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

/** Runs `action` with stderr muted: binaryen's validator prints every problem it finds. */
function withQuietStderr<R>(action: () => R): R {
  const write = process.stderr.write;
  process.stderr.write = () => true;
  const log = console.error;
  console.error = () => {};
  try {
    return action();
  } finally {
    process.stderr.write = write;
    console.error = log;
  }
}

/** Text using GC type syntax: recursion groups, subtyping, typed references. */
const GC_SYNTAX = /\((?:rec|sub)\b|\(ref\s/;

/** How a module will be used, which decides what a faithful assembly is. */
export interface AssembleIntent {
  /** The script asserts the module is invalid: an assembler must not repair it. */
  mustBeInvalid?: boolean;
}

/** Assembles one module form, or says why neither assembler accepted it. */
export async function assembleModule(
  form: WastModule,
  intent: AssembleIntent = {},
): Promise<ModuleSource> {
  if (form.form === 'binary') {
    return { ok: true, base64: toBase64(form.bytes), assembler: 'binary' };
  }
  const mustBeInvalid = intent.mustBeInvalid ?? false;
  const attempts: ['wabt' | 'binaryen', () => Promise<Uint8Array>][] = [
    ['wabt', () => assembleWithWabt(form.text, mustBeInvalid)],
    ['binaryen', () => assembleWithBinaryen(form.text, mustBeInvalid)],
  ];
  // wabt's GC support is partial and it miswrites some GC types silently; binaryen's is full.
  if (GC_SYNTAX.test(form.text)) attempts.reverse();
  const errors: string[] = [];
  for (const [assembler, assemble] of attempts) {
    try {
      return { ok: true, base64: toBase64(await assemble()), assembler };
    } catch (error) {
      errors.push(`${assembler}: ${errorText(error).trim().split('\n')[0].slice(0, 160)}`);
    }
  }
  return { ok: false, reason: errors.join('; ') };
}
