/**
 * Test support for the decode worker's code view: building a module's code index and document
 * in-thread, and reading the whole document back as text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import binaryen from 'binaryen';
import type { CodeLine } from '../../../../src/protocol/decode/index.ts';
import {
  CodeDocument,
  buildCodeIndex,
  type CodeIndex,
  type SliceControl,
} from '../../../../src/panel/workers/decode/code/index.ts';
import type { ModuleInfo } from '../../../../src/wasm/index.ts';
import { watToWasm } from '../../../support/wat.ts';

/** Runs to the end without yielding or reporting. */
export const RUN_THROUGH: SliceControl = {
  progress: () => undefined,
  checkpoint: () => Promise.resolve(),
};

/** The code index and document of `info`. */
export async function codeOfModule(
  info: ModuleInfo,
): Promise<{ index: CodeIndex; document: CodeDocument }> {
  const index = await buildCodeIndex(info, RUN_THROUGH);
  const document = await CodeDocument.build(info, index, RUN_THROUGH);
  return { index, document };
}

/** Joins display lines back into text: a `wrapped` line continues the one before it. */
export function joinLines(lines: readonly CodeLine[]): string {
  let text = '';
  lines.forEach((line, i) => {
    if (i > 0 && !line.wrapped) text += '\n';
    text += line.text;
  });
  return text;
}

/** Every line of `document`, read a window at a time as the view does. */
export function allLines(document: CodeDocument, window = 500): CodeLine[] {
  const lines: CodeLine[] = [];
  for (let start = 0; start < document.totalLines; start += window) {
    lines.push(...document.lines(start, window));
  }
  return lines;
}

const FIXTURE_ROOT = join(import.meta.dirname, '../../../wasm/fixtures');

/** The decoder's `.wat` fixtures (module, instruction and feature ones), by folder/name. */
export function decoderFixtures(): string[] {
  return ['module', 'instructions', 'features'].flatMap((folder) =>
    readdirSync(join(FIXTURE_ROOT, folder))
      .filter((f) => f.endsWith('.wat'))
      .map((f) => `${folder}/${f}`),
  );
}

const BINARYEN_MODULE_FIXTURES = new Set(['module/gc.wat']);
const UNVALIDATED = new Set(['module/const-exprs.wat', 'module/memory64.wat']);

/** Assembles a decoder fixture as the decoder's own tests do. */
export async function assembleDecoderFixture(name: string): Promise<Uint8Array> {
  const text = readFileSync(join(FIXTURE_ROOT, name), 'utf8');
  if (BINARYEN_MODULE_FIXTURES.has(name) || text.startsWith(';; assembler: binaryen')) {
    binaryen.setDebugInfo(true);
    const module = binaryen.parseText(text);
    try {
      module.setFeatures(binaryen.Features.All);
      return module.emitBinary();
    } finally {
      module.dispose();
    }
  }
  return watToWasm(text, {
    validate: !UNVALIDATED.has(name) && !name.startsWith('instructions/'),
  });
}
