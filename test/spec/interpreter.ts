/**
 * Executes a compiled spec script (`commands.ts`) against the runtime layer, one store per
 * script. Environment-neutral: it uses only the runtime's public API, so the same code runs
 * in Node and, bundled, in a browser page. Each command yields one result: passed, failed
 * (with a message naming what happened) or skipped (with a reason category).
 */
import {
  Engine,
  Func,
  Global,
  Imports,
  Instance,
  LayerError,
  Module,
  Store,
  type Extern,
} from '../../src/runtime/index.ts';
import type { Action, Command, CompiledScript, ExpectedValue, ModuleSource } from './commands.ts';
import { bitExactAdapter } from './bit-exact.ts';
import {
  ExternRefs,
  describeObserved,
  matches,
  needsBitExactCall,
  observe,
  observeBits,
  toBitsVal,
  toVal,
  type Observed,
} from './match.ts';
import { lackedProposal } from './proposals.ts';
import { createSpectest } from './spectest-host.ts';

/** The outcome of one command. `reason` (skips only) is a short category for the report. */
export interface AssertionResult {
  line: number;
  kind: Command['kind'];
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
  message?: string;
}

/** All outcomes of one script. */
export interface ScriptResult {
  file: string;
  results: AssertionResult[];
}

/** Thrown inside the interpreter to turn a command into a skip. */
class Skip extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown inside the interpreter to fail a command with a message. */
class Failure extends Error {}

const CURRENT = Symbol('current instance');
type InstanceKey = string | typeof CURRENT;
type Slot = { instance: Instance } | { skip: Skip } | { failedAt: number };

const DEFINITION_ERRORS = new Set(['decode', 'compile', 'unsupported']);

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function describe(error: unknown): string {
  if (error instanceof LayerError) return `LayerError(${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * When a module failed for want of a feature, the skip that says which and whose: the layer
 * lists what the engine lacks (`- gc`), or says what it does not model itself; V8 names a
 * missing feature as the flag that would enable it.
 */
function featureSkip(error: unknown): Skip | undefined {
  if (!(error instanceof LayerError)) return undefined;
  const listed = [...error.message.matchAll(/^ - ([a-z0-9-]+)$/gm)].map((match) => match[1]);
  if (listed.length) return new Skip(`engine lacks ${listed.join(', ')}`, describe(error));
  const cause = error.cause instanceof Error ? error.cause.message : '';
  const flag = /--(?:experimental-)?wasm[-_]([a-z0-9_-]+)/i.exec(`${error.message} ${cause}`);
  if (flag) return new Skip(`engine lacks ${flag[1].replaceAll('_', '-')}`, describe(error));
  // Valid modules that declare more memory or table than V8 allows (memory64.wast, table.wast).
  if (error.code === 'compile' && /larger than implementation limit/.test(error.message)) {
    return new Skip('engine implementation limit', describe(error));
  }
  if (error.code !== 'unsupported') return undefined;
  const what = error.message
    .split(/[(:]/)[0]
    .replace(/ in the wasm_runtime_layer/, '')
    .trim();
  return new Skip(`layer: ${what}`, describe(error));
}

/** Whether an error is the layer's report of a `WebAssembly.Exception` thrown by the guest. */
function isWasmException(error: unknown): boolean {
  const exceptionClass = (WebAssembly as unknown as { Exception?: abstract new () => object })
    .Exception;
  return (
    error instanceof LayerError &&
    error.code === 'trap' &&
    exceptionClass !== undefined &&
    error.cause instanceof exceptionClass
  );
}

/** Runs one script's commands in order. */
export class ScriptInterpreter {
  private readonly engine = new Engine();
  private readonly store = new Store<unknown>(this.engine, null);
  private readonly refs = new ExternRefs(this.store);
  private readonly namespaces = new Map<string, [string, Extern][]>();
  private readonly skippedNamespaces = new Map<string, Skip>();
  private readonly instances = new Map<InstanceKey, Slot>();
  private readonly definitions = new Map<string, Module | Skip>();

  constructor() {
    this.namespaces.set('spectest', createSpectest(this.store));
  }

  /** Executes every command and disposes the store. */
  run(script: CompiledScript): ScriptResult {
    try {
      return { file: script.file, results: script.commands.map((c) => this.execute(c)) };
    } finally {
      this.store.dispose();
    }
  }

  private execute(command: Command): AssertionResult {
    const base = { line: command.line, kind: command.kind };
    try {
      this.dispatch(command);
      return { ...base, status: 'passed' };
    } catch (error) {
      if (error instanceof Skip) {
        return { ...base, status: 'skipped', reason: error.reason, message: error.message };
      }
      return { ...base, status: 'failed', message: describe(error) };
    }
  }

  private dispatch(command: Command): void {
    switch (command.kind) {
      case 'module':
        return this.moduleCommand(
          command.line,
          command.module,
          command.name,
          command.definitionOnly,
        );
      case 'instance':
        return this.instanceCommand(command.line, command.definition, command.name);
      case 'register':
        return this.register(command.as, command.name);
      case 'action':
        this.perform(command.action);
        return;
      case 'assert_return':
        return this.assertReturn(command);
      case 'assert_trap':
      case 'assert_exhaustion':
        return this.expectActionError(command.action, 'trap');
      case 'assert_exception':
        return this.assertException(command.action);
      case 'assert_invalid':
      case 'assert_malformed':
        return this.expectDefinitionError(command.module, command.kind);
      case 'assert_unlinkable':
        return this.expectInstantiationError(command.module, 'link');
      case 'assert_uninstantiable':
      case 'assert_trap_module':
        return this.expectInstantiationError(command.module, 'trap');
      case 'unsupported_command':
        throw new Failure(`the interpreter does not know the command ${command.head}`);
    }
  }

  private compile(source: ModuleSource): Module {
    if (!source.ok) throw new Skip('text neither assembler accepts', source.reason);
    const bytes = base64ToBytes(source.base64);
    try {
      return Module.new(this.engine, bytes);
    } catch (error) {
      const skip = featureSkip(error);
      if (skip) throw skip;
      // Says whether the layer or the engine (or the assembler) is at fault.
      const engineVerdict = WebAssembly.validate(bytes) ? 'valid' : 'invalid';
      throw new Failure(`${describe(error)} [engine finds the bytes ${engineVerdict}]`);
    }
  }

  private importsFor(module: Module): Imports {
    const imports = new Imports();
    for (const wanted of module.imports()) {
      const skipped = this.skippedNamespaces.get(wanted.module);
      if (skipped) throw skipped;
    }
    for (const [namespace, entries] of this.namespaces) {
      imports.registerNamespace(namespace, entries);
    }
    return imports;
  }

  private instantiate(module: Module): Instance {
    try {
      return Instance.new(this.store, module, this.importsFor(module));
    } catch (error) {
      throw featureSkip(error) ?? error;
    }
  }

  private remember(key: InstanceKey | undefined, slot: Slot): void {
    this.instances.set(CURRENT, slot);
    if (key !== undefined) this.instances.set(key, slot);
  }

  private moduleCommand(line: number, source: ModuleSource, name?: string, definitionOnly = false) {
    try {
      const module = this.compile(source);
      if (definitionOnly) {
        if (name) this.definitions.set(name, module);
        return;
      }
      this.remember(name, { instance: this.instantiate(module) });
    } catch (error) {
      if (definitionOnly && name && error instanceof Skip) this.definitions.set(name, error);
      if (!definitionOnly)
        this.remember(name, error instanceof Skip ? { skip: error } : { failedAt: line });
      throw error;
    }
  }

  private instanceCommand(line: number, definition: string, name?: string) {
    const module = this.definitions.get(definition);
    try {
      if (module instanceof Skip) throw module;
      if (!module) throw new Failure(`no module definition ${definition}`);
      this.remember(name, { instance: this.instantiate(module) });
    } catch (error) {
      this.remember(name, error instanceof Skip ? { skip: error } : { failedAt: line });
      throw error;
    }
  }

  private instance(name: string | undefined): Instance {
    const slot = this.instances.get(name ?? CURRENT);
    if (!slot) throw new Failure(`no instance ${name ?? '(current)'}`);
    if ('skip' in slot) throw slot.skip;
    if ('failedAt' in slot) throw new Failure(`its module failed at line ${slot.failedAt}`);
    return slot.instance;
  }

  private register(as: string, name?: string) {
    try {
      const instance = this.instance(name);
      this.namespaces.set(
        as,
        instance.exports(this.store).map(({ name: field, value }) => [field, value]),
      );
      this.skippedNamespaces.delete(as);
    } catch (error) {
      if (error instanceof Skip) this.skippedNamespaces.set(as, error);
      throw error;
    }
  }

  /**
   * Performs an action and returns its results as observed values. `expected` (from an
   * `assert_return`) can demand the bit-exact path for signalling NaN results.
   */
  private perform(action: Action, expected?: ExpectedValue[]): Observed[] {
    const instance = this.instance(action.module);
    const target = instance.getExport(this.store, action.field);
    if (action.type === 'get') {
      if (!(target instanceof Global))
        throw new Failure(`export "${action.field}" is not a global`);
      return [observe(target.get(this.store))];
    }
    if (!(target instanceof Func)) throw new Failure(`export "${action.field}" is not a function`);
    const { params, results } = target.ty(this.store);
    if (needsBitExactCall(action.args, expected)) {
      const adapter = bitExactAdapter(this.engine, this.store, target);
      const args = action.args.map((arg, i) => toBitsVal(arg, params[i], this.refs));
      return adapter.call(this.store, args).map((value, i) => observeBits(value, results[i]));
    }
    const args = action.args.map((arg, i) => toVal(arg, params[i], this.refs));
    return target.call(this.store, args).map(observe);
  }

  private assertReturn(command: Extract<Command, { kind: 'assert_return' }>) {
    const results = this.perform(command.action, command.expected);
    const ok =
      results.length === command.expected.length &&
      results.every((value, i) => matches(value, command.expected[i], this.store));
    if (!ok) {
      throw new Failure(
        `got [${results.map(describeObserved).join(', ')}], expected ${JSON.stringify(command.expected)}`,
      );
    }
  }

  private expectActionError(action: Action, code: LayerError['code']) {
    let results: Observed[];
    try {
      results = this.perform(action);
    } catch (error) {
      if (error instanceof Skip || error instanceof Failure) throw error;
      // A wasm exception escaping the guest also surfaces as `trap`, but it is not one.
      if (error instanceof LayerError && error.code === code && !isWasmException(error)) return;
      throw new Failure(`expected LayerError(${code}), got ${describe(error)}`, { cause: error });
    }
    throw new Failure(`expected LayerError(${code}), returned [${results.map(describeObserved)}]`);
  }

  private assertException(action: Action) {
    try {
      this.perform(action);
    } catch (error) {
      if (error instanceof Skip || error instanceof Failure) throw error;
      if (isWasmException(error)) return;
      throw new Failure(`expected a wasm exception, got ${describe(error)}`);
    }
    throw new Failure('expected a wasm exception, the call returned');
  }

  private expectDefinitionError(source: ModuleSource, kind: string) {
    if (!source.ok) {
      const reason =
        kind === 'assert_malformed'
          ? 'malformed text: no binary to run'
          : 'text neither assembler accepts';
      throw new Skip(reason, source.reason);
    }
    try {
      Module.new(this.engine, base64ToBytes(source.base64));
    } catch (error) {
      if (error instanceof LayerError && DEFINITION_ERRORS.has(error.code)) return;
      throw new Failure(`expected decode/compile/unsupported, got ${describe(error)}`);
    }
    throw new Failure(`module compiled (assembled by ${source.assembler})`);
  }

  private expectInstantiationError(source: ModuleSource, code: LayerError['code']) {
    const module = this.compile(source);
    try {
      Instance.new(this.store, module, this.importsFor(module));
    } catch (error) {
      if (error instanceof Skip) throw error;
      if (error instanceof LayerError && error.code === code) return;
      throw (
        featureSkip(error) ?? new Failure(`expected LayerError(${code}), got ${describe(error)}`)
      );
    }
    throw new Failure(`expected LayerError(${code}), the module instantiated`);
  }
}

/**
 * Runs one compiled script in a fresh engine and store. A script of a proposal folder the
 * engine lacks is not executed: each command is skipped as "engine lacks <proposal>".
 */
export function runScript(script: CompiledScript): ScriptResult {
  const lacked = lackedProposal(script.file);
  if (lacked === undefined) return new ScriptInterpreter().run(script);
  const message = `the engine does not have the ${lacked} proposal (detected by its canary)`;
  return {
    file: script.file,
    results: script.commands.map((command) => ({
      line: command.line,
      kind: command.kind,
      status: 'skipped',
      reason: `engine lacks ${lacked}`,
      message,
    })),
  };
}
