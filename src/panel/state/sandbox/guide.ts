/**
 * Guided examples in the Run tab: a guide is a list of steps, each with text for the learner,
 * a button that performs the step in the sandbox (make a store, call, dispose, let go, let the
 * collector run), and an observation that reads what the lifetime registry saw and says
 * whether the step's effect happened yet (a step that waits for the collector says so until
 * it runs). The guides themselves (their text) live in `src/panel/gallery/guides/`; this file
 * runs them.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { CallOutcome, InstanceSummary, SandboxVal } from '../../../protocol/sandbox/index.ts';
import type { HostFuncSnapshot, RegistrySnapshot, StoreSnapshot } from '../../../runtime/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import { defaultChoice, providersOf } from './run-area.ts';
import type { SandboxState } from './sandbox-state.ts';

/** What a step's observation reports: whether its effect is there yet, and what was seen. */
export interface Observation {
  done: boolean;
  /** Lines on what the registry saw (`code` in backquotes). */
  lines: string[];
}

/** One step of a guide. */
export interface GuideStep {
  id: string;
  title: string;
  /** What the learner does, and what to expect (paragraphs; `code` in backquotes). */
  text: string[];
  /** The button's label. */
  action: string;
  /** Performs the step; returns lines on what happened (results, errors). */
  run(ctx: GuideContext): Promise<string[]>;
  /** Reads the registry: has the step's effect happened, and what shows it. */
  observe(ctx: GuideContext, snapshot: RegistrySnapshot): Observation;
  /** The effect needs a garbage collection (the view then offers to let the collector run). */
  needsCollector?: boolean;
}

/** A guided example. */
export interface Guide {
  id: string;
  title: string;
  /** The `$name` of the module the guide is written for (its name section). */
  moduleName: string;
  /** Paragraphs before the steps. */
  intro: string[];
  steps: GuideStep[];
}

/** Where a step is. */
export interface StepState {
  status: 'idle' | 'running' | 'ran' | 'failed';
  /** What its run reported. */
  output: string[];
  error: string | null;
}

/**
 * What steps share: the sandbox, the module, and the stores and instances earlier steps made
 * (by the names the guide gives them), with helpers that act on them.
 */
export class GuideContext {
  readonly stores = new Map<string, number>();
  readonly instances = new Map<string, InstanceSummary>();

  constructor(
    readonly sandbox: SandboxState,
    readonly doc: ModuleDocument,
  ) {}

  /** The store named `name` by an earlier step; fails naming the step to run first. */
  store(name: string): number {
    const id = this.stores.get(name);
    if (id === undefined)
      throw new Error(`there is no store "${name}" yet: run the steps before this one first`);
    return id;
  }

  /** The instance named `name` by an earlier step. */
  instance(name: string): InstanceSummary {
    const instance = this.instances.get(name);
    if (!instance)
      throw new Error(`there is no instance "${name}" yet: run the steps before this one first`);
    return instance;
  }

  /** Makes a store named `name` and instantiates the module in it, every import automatic. */
  async instantiate(name: string): Promise<InstanceSummary> {
    const loaded = await this.sandbox.loadDocument(this.doc);
    const providers = providersOf(
      loaded.summary,
      loaded.summary.imports.map(defaultChoice),
      this.sandbox.knownRefs.peek(),
    );
    if (typeof providers === 'string') throw new Error(providers);
    const storeId = await this.sandbox.createStore();
    this.stores.set(name, storeId);
    const outcome = await this.sandbox.instantiate(this.doc, storeId, providers);
    if (outcome.kind !== 'instantiated') throw new Error(outcome.failure.message);
    this.instances.set(name, outcome.instance);
    return outcome.instance;
  }

  /** Calls export `exportName` of instance `name`. */
  call(name: string, exportName: string, args: SandboxVal[]): Promise<CallOutcome> {
    const instance = this.instance(name);
    const exp = instance.exports.find((e) => e.name === exportName);
    if (!exp) throw new Error(`instance #${instance.instanceId} has no export "${exportName}"`);
    return this.sandbox.callHandle(exp.handle, `${exportName}()`, args);
  }

  /** Calls the host function given for import `importName` (`env.log`) of instance `name`. */
  callImport(name: string, importName: string, args: SandboxVal[]): Promise<CallOutcome> {
    const imp = this.import(name, importName);
    return this.sandbox.callHandle(imp.handle, `${importName}()`, args);
  }

  /** Import `importName` (`env.log`) of instance `name`. */
  import(name: string, importName: string): InstanceSummary['imports'][number] {
    const instance = this.instance(name);
    const imp = instance.imports.find((i) => `${i.module}.${i.name}` === importName);
    if (!imp) throw new Error(`instance #${instance.instanceId} has no import ${importName}`);
    return imp;
  }

  /** The registry's record of the host function for import `importName` of instance `name`. */
  hostFunc(
    snapshot: RegistrySnapshot,
    name: string,
    importName: string,
  ): HostFuncSnapshot | undefined {
    const instance = this.instances.get(name);
    if (!instance) return undefined;
    const imp = instance.imports.find((i) => `${i.module}.${i.name}` === importName);
    if (!imp) return undefined;
    const log = this.sandbox.lifetimes;
    return snapshot.hostFuncs.find((f) => {
      const origin = log.hostFunc(f.id)?.origin;
      return origin?.instanceId === instance.instanceId && origin.importIndex === imp.index;
    });
  }

  /** The registry's record of store `name`. */
  storeRecord(snapshot: RegistrySnapshot, name: string): StoreSnapshot | undefined {
    const id = this.stores.get(name);
    return id === undefined ? undefined : snapshot.stores.find((s) => s.id === id);
  }

  /** Leaks flagged for store `name`. */
  leaks(snapshot: RegistrySnapshot, name: string): RegistrySnapshot['leaks'] {
    const id = this.stores.get(name);
    return id === undefined ? [] : snapshot.leaks.filter((l) => l.storeId === id);
  }
}

/** A guide's run in one module's Run tab. */
export interface GuideRun {
  readonly context: Signal<GuideContext | null>;
  readonly steps: Signal<Readonly<Record<string, StepState>>>;
  /**
   * What the registry showed of each step when the next one started: a step's observation is
   * read live until then, and kept as it was afterwards (later steps change the same objects).
   */
  readonly observed: Signal<Readonly<Record<string, Observation>>>;
  /** The step the learner is at (the first not yet run, unless they moved). */
  readonly current: Signal<number>;
}

/** The guide run of `doc`. */
export function guideRun(doc: ModuleDocument): GuideRun {
  return documentArea(doc, 'guide', () => ({
    context: signal<GuideContext | null>(null),
    steps: signal<Readonly<Record<string, StepState>>>({}),
    observed: signal<Readonly<Record<string, Observation>>>({}),
    current: signal(0),
  }));
}

/**
 * What the registry saw of `step`: kept from when a later step started, else read from the
 * registry now; null before the step ran.
 */
export function observation(
  run: GuideRun,
  step: GuideStep,
  snapshot: RegistrySnapshot | null,
): Observation | null {
  const kept = run.observed.value[step.id];
  if (kept) return kept;
  const context = run.context.value;
  if (stepState(run, step.id).status !== 'ran' || !context || !snapshot) return null;
  return step.observe(context, snapshot);
}

/** The state of step `id` (idle when it never ran). */
export function stepState(run: GuideRun, id: string): StepState {
  return run.steps.value[id] ?? { status: 'idle', output: [], error: null };
}

/** Runs step `index` of `guide` in `doc`'s Run tab; its state says how it went. */
export async function runGuideStep(
  doc: ModuleDocument,
  sandbox: SandboxState,
  guide: Guide,
  index: number,
): Promise<StepState> {
  const run = guideRun(doc);
  const step = guide.steps[index];
  let context = run.context.peek();
  if (!context || context.sandbox !== sandbox) {
    context = new GuideContext(sandbox, doc);
    run.context.value = context;
  }
  const set = (state: StepState): StepState => {
    run.steps.value = { ...run.steps.peek(), [step.id]: state };
    return state;
  };
  // The steps before this one keep what the registry showed of them until now.
  const snapshot = sandbox.registry.peek();
  const kept = { ...run.observed.peek() };
  for (const earlier of guide.steps.slice(0, index)) {
    if (kept[earlier.id] || !snapshot || run.steps.peek()[earlier.id]?.status !== 'ran') continue;
    kept[earlier.id] = earlier.observe(context, snapshot);
  }
  run.observed.value = kept;
  set({ status: 'running', output: [], error: null });
  try {
    const output = await step.run(context);
    return batch(() => {
      if (run.current.peek() === index && index + 1 < guide.steps.length) run.current.value++;
      return set({ status: 'ran', output, error: null });
    });
  } catch (error) {
    return set({
      status: 'failed',
      output: [],
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Forgets the guide's progress (its stores stay in the registry, as history). */
export function restartGuide(doc: ModuleDocument): void {
  const run = guideRun(doc);
  batch(() => {
    run.context.value = null;
    run.steps.value = {};
    run.observed.value = {};
    run.current.value = 0;
  });
}

/** A call's outcome in one line: its results, its failure (`code: message`), or its exit. */
export function outcomeLine(outcome: CallOutcome): string {
  switch (outcome.kind) {
    case 'returned':
      return `returned ${outcome.results.length === 0 ? 'nothing' : outcome.results.map((r) => ('value' in r ? String(r.value) : r.type)).join(', ')}`;
    case 'failed':
      return `failed with \`${outcome.failure.code}\`: ${outcome.failure.message}`;
    case 'exited':
      return `exited with code ${outcome.code}`;
  }
}
