/**
 * The Run tab's state for one module: which store it instantiates into and which instance it
 * calls, what each import is given (as the user typed it), the argument fields of each export,
 * and the last instantiation's failure. Actions turn the typed text into values (reporting the
 * first field that does not parse) and run them through the sandbox area.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type {
  HostBehavior,
  ImportProvider,
  ImportSummary,
  InstantiateOutcome,
  ModuleSummary,
  SandboxVal,
} from '../../../protocol/sandbox/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import type { CallRecord, SandboxState } from './sandbox-state.ts';
import { defaultText, formatValue, parseValue, type KnownRef } from './value-text.ts';

/** What one import is given, as typed. */
export type ImportChoice =
  | {
      kind: 'auto';
      /** Function imports: return `values`, or trap with `trapMessage`. */
      mode: 'return' | 'trap';
      values: string[];
      trapMessage: string;
      /** Global imports: the initial value. */
      initial: string;
    }
  | { kind: 'export'; instanceId: number | null; name: string }
  | { kind: 'wasi' };

/** The Run tab's state for one module. */
export interface RunArea {
  readonly storeId: Signal<number | null>;
  readonly instanceId: Signal<number | null>;
  /** One choice per import; null until the module was loaded into the sandbox. */
  readonly choices: Signal<ImportChoice[] | null>;
  /** Why the last instantiation (or setting up for it) failed, with the import it names. */
  readonly failure: Signal<string | null>;
  /**
   * The pane shown under the tab's main page: `console`, or one of the live-state views
   * (`tables`, `globals`, `lifetimes`, `leaks`); the views own the list of panes.
   */
  readonly pane: Signal<string>;
  /** Argument texts per export. */
  args(exportName: string, params: readonly string[]): Signal<string[]>;
  /** The field errors of the last attempt per export (by parameter index). */
  fieldErrors(exportName: string): Signal<(string | null)[]>;
}

/** The default choice for `imp`: WASI for WASI's namespace, else made automatically. */
export function defaultChoice(imp: ImportSummary): ImportChoice {
  if (imp.module === 'wasi_snapshot_preview1' && imp.type.kind === 'func') return { kind: 'wasi' };
  const results = imp.type.kind === 'func' ? imp.type.results : [];
  return {
    kind: 'auto',
    mode: 'return',
    values: results.map(defaultText),
    trapMessage: `${imp.module}.${imp.name} failed`,
    initial: imp.type.kind === 'global' ? defaultText(imp.type.content) : '',
  };
}

/** The Run tab state of `doc`. */
export function runArea(doc: ModuleDocument): RunArea {
  return documentArea(doc, 'run', () => {
    const args = new Map<string, Signal<string[]>>();
    const errors = new Map<string, Signal<(string | null)[]>>();
    return {
      storeId: signal<number | null>(null),
      instanceId: signal<number | null>(null),
      choices: signal<ImportChoice[] | null>(null),
      failure: signal<string | null>(null),
      pane: signal('console'),
      args(exportName, params) {
        let texts = args.get(exportName);
        if (!texts) args.set(exportName, (texts = signal(params.map(defaultText))));
        return texts;
      },
      fieldErrors(exportName) {
        let list = errors.get(exportName);
        if (!list) errors.set(exportName, (list = signal([])));
        return list;
      },
    };
  });
}

/** Parses `texts` as values of `types`; the values, or one error (or null) per field. */
export function parseFields(
  texts: readonly string[],
  types: readonly string[],
  known: readonly KnownRef[],
): { values: SandboxVal[] } | { errors: (string | null)[] } {
  const values: SandboxVal[] = [];
  const errors: (string | null)[] = [];
  let failed = false;
  types.forEach((type, i) => {
    const parsed = parseValue(texts[i] ?? '', type, known);
    if (parsed.ok) {
      values.push(parsed.value);
      errors.push(null);
    } else {
      failed = true;
      errors.push(parsed.error);
    }
  });
  return failed ? { errors } : { values };
}

/** The behaviour a function import's choice asks for, or the first field that does not parse. */
export function behaviorOf(
  choice: Extract<ImportChoice, { kind: 'auto' }>,
  results: readonly string[],
  known: readonly KnownRef[],
): HostBehavior | string {
  if (choice.mode === 'trap') return { kind: 'trap', message: choice.trapMessage };
  const parsed = parseFields(choice.values, results, known);
  if ('errors' in parsed) return parsed.errors.find((e) => e !== null) ?? 'invalid result';
  return { kind: 'return', values: parsed.values };
}

/** The providers for `module`'s imports from `choices`, or why one cannot be made. */
export function providersOf(
  module: ModuleSummary,
  choices: readonly ImportChoice[],
  known: readonly KnownRef[],
): ImportProvider[] | string {
  const providers: ImportProvider[] = [];
  for (const imp of module.imports) {
    const choice = choices[imp.index] ?? defaultChoice(imp);
    const where = `import ${imp.module}.${imp.name}`;
    if (choice.kind === 'wasi') {
      providers.push({ kind: 'wasi' });
    } else if (choice.kind === 'export') {
      if (choice.instanceId === null || choice.name === '')
        return `${where}: choose an instance and an export`;
      providers.push({ kind: 'export', instanceId: choice.instanceId, name: choice.name });
    } else if (imp.type.kind === 'func') {
      const behavior = behaviorOf(choice, imp.type.results, known);
      if (typeof behavior === 'string') return `${where}: ${behavior}`;
      providers.push({ kind: 'auto', behavior, initial: null });
    } else if (imp.type.kind === 'global') {
      const parsed = parseValue(
        choice.initial || defaultText(imp.type.content),
        imp.type.content,
        known,
      );
      if (!parsed.ok) return `${where}: ${parsed.error}`;
      providers.push({
        kind: 'auto',
        behavior: { kind: 'return', values: [] },
        initial: parsed.value,
      });
    } else {
      providers.push({ kind: 'auto', behavior: { kind: 'return', values: [] }, initial: null });
    }
  }
  return providers;
}

/**
 * Instantiates `doc` into the Run tab's store (making one if there is none) with the imports
 * as the user chose them; the new instance becomes the one the tab calls.
 */
export async function instantiateDocument(
  doc: ModuleDocument,
  sandbox: SandboxState,
): Promise<InstantiateOutcome | null> {
  const area = runArea(doc);
  area.failure.value = null;
  try {
    const loaded = await sandbox.loadDocument(doc);
    const choices = area.choices.peek() ?? loaded.summary.imports.map(defaultChoice);
    if (!area.choices.peek()) area.choices.value = choices;
    const providers = providersOf(loaded.summary, choices, sandbox.knownRefs.peek());
    if (typeof providers === 'string') {
      area.failure.value = providers;
      return null;
    }
    let storeId = area.storeId.peek();
    const live = sandbox.stores.peek().find((s) => s.storeId === storeId && !s.disposed);
    if (!live) storeId = await sandbox.createStore();
    area.storeId.value = storeId;
    const outcome = await sandbox.instantiate(doc, storeId as number, providers);
    if (outcome.kind === 'instantiated') area.instanceId.value = outcome.instance.instanceId;
    else area.failure.value = outcome.failure.message;
    return outcome;
  } catch (error) {
    area.failure.value = error instanceof Error ? error.message : String(error);
    return null;
  }
}

/** Calls export `name` of the tab's instance with the typed arguments (if they all parse). */
export async function callExport(
  doc: ModuleDocument,
  sandbox: SandboxState,
  name: string,
  params: readonly string[],
): Promise<CallRecord | null> {
  const area = runArea(doc);
  const instanceId = area.instanceId.peek();
  if (instanceId === null) return null;
  const parsed = parseFields(area.args(name, params).peek(), params, sandbox.knownRefs.peek());
  const errors = area.fieldErrors(name);
  if ('errors' in parsed) {
    errors.value = parsed.errors;
    return null;
  }
  errors.value = [];
  return sandbox.call(instanceId, name, parsed.values);
}

/** Puts a past call's arguments back into its export's fields (to edit and call again). */
export function editCall(doc: ModuleDocument, record: CallRecord, params: readonly string[]): void {
  const area = runArea(doc);
  batch(() => {
    area.instanceId.value = record.instanceId;
    area.args(record.exportName, params).value = record.args.map((v) => formatValue(v).text);
  });
}

/** Calls a past call again with the same arguments. */
export function rerunCall(sandbox: SandboxState, record: CallRecord): Promise<CallRecord> {
  return sandbox.call(record.instanceId, record.exportName, record.args);
}

/** Applies an import's changed behaviour to the live host function, if the tab has an instance. */
export async function applyBehavior(
  doc: ModuleDocument,
  sandbox: SandboxState,
  imp: ImportSummary,
): Promise<void> {
  const area = runArea(doc);
  const choice = area.choices.peek()?.[imp.index];
  const instanceId = area.instanceId.peek();
  if (!choice || choice.kind !== 'auto' || imp.type.kind !== 'func' || instanceId === null) return;
  const instance = sandbox.instances.peek().find((i) => i.summary.instanceId === instanceId);
  if (instance?.summary.imports[imp.index]?.source !== 'host') return;
  const behavior = behaviorOf(choice, imp.type.results, sandbox.knownRefs.peek());
  if (typeof behavior === 'string') {
    area.failure.value = `import ${imp.module}.${imp.name}: ${behavior}`;
    return;
  }
  area.failure.value = null;
  await sandbox.setBehavior(instanceId, imp.index, behavior);
}

/**
 * Starts the sandbox again (after it was lost) and points each module's Run tab at the
 * re-made store and instance.
 */
export async function restartSession(
  sandbox: SandboxState,
  docs: readonly ModuleDocument[],
): Promise<void> {
  const map = await sandbox.restart();
  batch(() => {
    for (const doc of docs) {
      const area = runArea(doc);
      const storeId = area.storeId.peek();
      const instanceId = area.instanceId.peek();
      if (storeId !== null) area.storeId.value = map.stores.get(storeId) ?? null;
      if (instanceId !== null) area.instanceId.value = map.instances.get(instanceId) ?? null;
    }
  });
}
