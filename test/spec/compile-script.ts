/**
 * Compiles a `.wast` script into the executor's command list (`commands.ts`): every module
 * assembled to bytes in Node, every constant parsed to exact bits. Results are cached on disk
 * by a hash of the script text, because assembling thousands of modules is the slow part.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  head,
  parseSExprs,
  readModuleForm,
  type SExpr,
  type SList,
  type WastModule,
} from '../support/wast.ts';
import { assembleModule } from './assemble.ts';
import type { Action, Command, CompiledScript, ModuleSource } from './commands.ts';
import { parseArg, parseExpected } from './values.ts';

/** Bump when the command format or assembling changes, so stale cache entries are ignored. */
const CACHE_VERSION = 'v9';
const CACHE_DIR = join(import.meta.dirname, '../../node_modules/.cache/wasm-layer-spec');

const MODULE_ASSERTIONS = new Set([
  'assert_invalid',
  'assert_malformed',
  'assert_unlinkable',
  'assert_uninstantiable',
]);

/**
 * A malformed text or quote module is a check of the text parser: an assembler either rejects
 * it (nothing reaches the runtime) or silently accepts a variant of it, so there is no binary
 * whose rejection the runtime could be tested on.
 */
const TEXT_ONLY_MALFORMATION: ModuleSource = {
  ok: false,
  reason: 'malformed in the text format only; there is no binary to hand to the runtime',
};

/** Keeps a leading byte-order mark: names.wast exports a function named U+FEFF. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

function text(node: SExpr | undefined): string {
  if (node?.kind === 'string') return UTF8.decode(node.bytes);
  if (node?.kind === 'atom') return node.text;
  return '';
}

function lineIndex(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

function parseAction(node: SExpr | undefined): Action {
  if (node?.kind !== 'list') throw new Error('expected an action');
  const kind = head(node);
  let index = 1;
  let module: string | undefined;
  const maybeName = node.items[1];
  if (maybeName?.kind === 'atom' && maybeName.text.startsWith('$')) {
    module = maybeName.text;
    index++;
  }
  const field = text(node.items[index]);
  if (kind === 'invoke') {
    return { type: 'invoke', module, field, args: node.items.slice(index + 1).map(parseArg) };
  }
  if (kind === 'get') return { type: 'get', module, field };
  throw new Error(`unknown action ${kind}`);
}

async function compileModuleCommand(source: string, form: SList, line: number): Promise<Command> {
  const keyword = form.items[1];
  if (keyword?.kind === 'atom' && keyword.text === 'instance') {
    const names = form.items.slice(2).map(text);
    const [name, definition] = names.length >= 2 ? names : [undefined, names[0]];
    return { line, kind: 'instance', name, definition };
  }
  const definitionOnly = keyword?.kind === 'atom' && keyword.text === 'definition';
  const moduleForm = readModuleForm(source, form);
  if (!moduleForm) throw new Error('unreadable module form');
  const module = await assembleModule(moduleForm);
  return { line, kind: 'module', name: moduleForm.name, definitionOnly, module };
}

async function compileCommand(source: string, form: SList, line: number): Promise<Command> {
  const kind = head(form) ?? '';
  const first = form.items[1];
  const annotated =
    form.items[0]?.kind === 'list' ? moduleBehindAnnotations(source, form) : undefined;
  if (annotated) {
    const module = await assembleModule(annotated);
    return { line, kind: 'module', name: annotated.name, definitionOnly: false, module };
  }
  switch (kind) {
    case 'module':
      return compileModuleCommand(source, form, line);
    case 'register':
      return { line, kind: 'register', as: text(first), name: text(form.items[2]) || undefined };
    case 'invoke':
    case 'get':
      return { line, kind: 'action', action: parseAction(form) };
    case 'assert_return':
      return {
        line,
        kind,
        action: parseAction(first),
        expected: form.items.slice(2).map(parseExpected),
      };
    case 'assert_exhaustion':
      return { line, kind, action: parseAction(first), text: text(form.items[2]) };
    case 'assert_exception':
      return { line, kind, action: parseAction(first) };
    case 'assert_trap': {
      if (first?.kind === 'list' && head(first) === 'module') {
        const moduleForm = readModuleForm(source, first);
        if (!moduleForm) throw new Error('unreadable module form');
        const module = await assembleModule(moduleForm);
        return { line, kind: 'assert_trap_module', module, text: text(form.items[2]) };
      }
      return { line, kind, action: parseAction(first), text: text(form.items[2]) };
    }
    default:
      if (MODULE_ASSERTIONS.has(kind) && first?.kind === 'list') {
        const moduleForm = readModuleForm(source, first);
        if (!moduleForm) throw new Error('unreadable module form');
        const module =
          kind === 'assert_malformed' && moduleForm.form !== 'binary'
            ? TEXT_ONLY_MALFORMATION
            : await assembleModule(moduleForm, { mustBeInvalid: kind === 'assert_invalid' });
        return {
          line,
          kind: kind as 'assert_invalid',
          module,
          text: text(form.items[2]),
        };
      }
      return { line, kind: 'unsupported_command', head: kind };
  }
}

/** Heads of module fields: a script made only of these is one inline module. */
const MODULE_FIELDS = new Set([
  'type',
  'rec',
  'import',
  'func',
  'table',
  'memory',
  'global',
  'tag',
  'export',
  'start',
  'elem',
  'data',
]);

/**
 * A top-level `((@a) module (@a) $m …)`: annotations in front of the keywords. Returns the
 * plain module form the annotations decorate (annotations inside stay for the assembler).
 */
function moduleBehindAnnotations(source: string, form: SList): WastModule | undefined {
  const keyword = form.items.findIndex((item) => item.kind === 'atom');
  const atom = form.items[keyword];
  if (keyword < 1 || atom?.kind !== 'atom' || atom.text !== 'module') return undefined;
  const name = form.items.find((item, i) => i > keyword && item.kind === 'atom');
  return {
    form: 'text',
    name: name?.kind === 'atom' && name.text.startsWith('$') ? name.text : undefined,
    text: `(module ${source.slice(atom.end, form.end - 1)})`,
    node: form,
  };
}

/** Compiles a script's source without touching the cache. */
export async function compileScript(file: string, source: string): Promise<CompiledScript> {
  const lineOf = lineIndex(source);
  const forms = parseSExprs(source);
  if (forms.length && forms.every((form) => MODULE_FIELDS.has(head(form) ?? ''))) {
    const module = await assembleModule({
      form: 'text',
      text: `(module ${source})`,
      node: forms[0],
    });
    return { file, commands: [{ line: 1, kind: 'module', definitionOnly: false, module }] };
  }
  const commands: Command[] = [];
  for (const form of forms) {
    const line = lineOf(form.start);
    try {
      commands.push(await compileCommand(source, form, line));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${file}:${line}: cannot compile command: ${message}`, { cause: error });
    }
  }
  return { file, commands };
}

/** Compiles a script file, reusing the on-disk cache when the source is unchanged. */
export async function compileScriptFile(path: string, file: string): Promise<CompiledScript> {
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256').update(CACHE_VERSION).update(source).digest('hex');
  const cachePath = join(CACHE_DIR, `${key}.json`);
  try {
    const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as CompiledScript;
    return { ...cached, file };
  } catch {
    // Not cached yet (or unreadable): compile below.
  }
  const compiled = await compileScript(file, source);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Write then rename, so a concurrent run (vitest and the CLI) never reads half a file.
  const partialPath = `${cachePath}.${process.pid}.partial`;
  writeFileSync(partialPath, JSON.stringify(compiled));
  renameSync(partialPath, cachePath);
  return compiled;
}
