/**
 * The guided lifetimes example: ten steps through the wobbly ownership of host functions in
 * the sandbox, from a store made and disposed cleanly to each of the four kinds of leak the
 * lifetime registry flags, made to happen once each (a use after dispose, a host call after
 * free, a store collected without `dispose()`, objects still reachable after dispose). Each
 * step's observation reads the registry, so the learner sees what it saw, not what we expect.
 */
import type { Guide, GuideContext, GuideStep } from '../../state/sandbox/guide.ts';
import type { CallOutcome } from '../../../protocol/sandbox/index.ts';
import type { HostFuncSnapshot, RegistrySnapshot } from '../../../runtime/index.ts';

/** `1 of 2 members dropped` for a host function's record, or that there is none yet. */
function members(func: HostFuncSnapshot | undefined): string {
  return func ? `${func.membersDropped} of 2 members dropped` : 'not made yet';
}

function funcLine(name: string, func: HostFuncSnapshot | undefined): string {
  if (!func) return `\`${name}\`: not made yet`;
  const state =
    func.state === 'live'
      ? 'live'
      : `released ${func.releasedBy === 'gc' ? 'by the collector' : `by its ${func.releasedBy ?? 'store'}`}`;
  return `\`${name}\` (host function #${func.id}): ${state}, ${func.calls} call${func.calls === 1 ? '' : 's'}, ${members(func)}`;
}

/** Lines for a call's outcome. */
function outcomeLines(what: string, outcome: CallOutcome): string[] {
  switch (outcome.kind) {
    case 'returned':
      return [
        `${what} returned ${outcome.results.map((r) => ('value' in r ? String(r.value) : r.type)).join(', ') || 'nothing'}`,
      ];
    case 'failed':
      return [`${what} failed with \`${outcome.failure.code}\`: ${outcome.failure.message}`];
    case 'exited':
      return [`${what} exited with code ${outcome.code}`];
  }
}

/** Runs the collector; says whether it could be forced. */
async function collect(ctx: GuideContext): Promise<string[]> {
  const { forced } = await ctx.sandbox.collectGarbage();
  return [
    forced
      ? 'The collector ran (this sandbox can force it).'
      : 'The collector was invited to run. A browser page cannot force it: what it frees is released when the collector runs, which may take a while (try again if nothing shows).',
  ];
}

/** The leaks of `kind` flagged for store `name`. */
function leaksOf(ctx: GuideContext, snapshot: RegistrySnapshot, name: string, kind: string) {
  return ctx.leaks(snapshot, name).filter((l) => l.kind === kind);
}

const steps: GuideStep[] = [
  {
    id: 'instantiate',
    title: 'A store and its host functions',
    text: [
      'Make store A and instantiate the module in it. Each function import gets a host function (`Func.new`): `env.log` and `env.now`.',
      'A host function’s closure lives in a wobbly group of two members: the store holds one, the callable the instance imports holds the other. Nothing is dropped yet.',
    ],
    action: 'Make store A and instantiate',
    async run(ctx) {
      const instance = await ctx.instantiate('A');
      return [`Instance #${instance.instanceId} in store #${instance.storeId}.`];
    },
    observe(ctx, snapshot) {
      const store = ctx.storeRecord(snapshot, 'A');
      const log = ctx.hostFunc(snapshot, 'A', 'env.log');
      const now = ctx.hostFunc(snapshot, 'A', 'env.now');
      return {
        done: store !== undefined && log !== undefined && now !== undefined,
        lines: store
          ? [
              `Store #${store.id}: ${store.disposed ? 'disposed' : 'live'}, ${store.hostFuncs} host functions.`,
              funcLine('env.log', log),
              funcLine('env.now', now),
            ]
          : [],
      };
    },
  },
  {
    id: 'call',
    title: 'Call through the instance',
    text: [
      'Call `greet(7)`: the guest calls its import `env.log`, whose callable upgrades its member of the group and runs the closure.',
    ],
    action: 'Call greet(7)',
    async run(ctx) {
      return outcomeLines('greet(7)', await ctx.call('A', 'greet', [{ type: 'i32', value: 7 }]));
    },
    observe(ctx, snapshot) {
      const log = ctx.hostFunc(snapshot, 'A', 'env.log');
      return { done: (log?.calls ?? 0) > 0, lines: [funcLine('env.log', log)] };
    },
  },
  {
    id: 'drop-func',
    title: 'Drop the panel’s handle to env.log',
    text: [
      'The panel holds a `Func` handle to `env.log`. Drop it and let the collector run.',
      'The closure stays live: the instance still imports the callable, and the store holds its own member. A `Func` handle is not what owns a host function.',
    ],
    action: 'Drop the Func and collect',
    needsCollector: true,
    async run(ctx) {
      await ctx.sandbox.dropHandle(ctx.import('A', 'env.log').handle);
      return ['The panel’s handle to env.log is gone.', ...(await collect(ctx))];
    },
    observe(ctx, snapshot) {
      const log = ctx.hostFunc(snapshot, 'A', 'env.log');
      return {
        done: log?.state === 'live',
        lines: [
          funcLine('env.log', log),
          'Still live: its callable is reachable through the instance.',
        ],
      };
    },
  },
  {
    id: 'drop-instance',
    title: 'Let go of the instance',
    text: [
      'Now let go of instance A (store A stays). Nothing reaches the callables any more; when the collector runs, each callable’s member drops and frees its closure: released by the collector.',
      'The store still holds its member: the group’s bookkeeping (a weak pointer and a flag) stays until the store goes. That is the “1 of 2 members dropped” in the Lifetimes pane.',
    ],
    action: 'Drop instance A and collect',
    needsCollector: true,
    async run(ctx) {
      await ctx.sandbox.dropInstance(ctx.instance('A').instanceId);
      return ['Instance A is no longer held by the panel.', ...(await collect(ctx))];
    },
    observe(ctx, snapshot) {
      const log = ctx.hostFunc(snapshot, 'A', 'env.log');
      const now = ctx.hostFunc(snapshot, 'A', 'env.now');
      const released = (f: HostFuncSnapshot | undefined) =>
        f !== undefined && f.releasedBy === 'gc' && f.membersDropped === 1;
      return {
        done: released(log) && released(now),
        lines: [
          funcLine('env.log', log),
          funcLine('env.now', now),
          ...(released(log) ? [] : ['Waiting: released when the collector runs.']),
        ],
      };
    },
  },
  {
    id: 'dispose',
    title: 'Dispose store A: the clean ending',
    text: [
      'Dispose store A. Its members of the groups drop; with both members gone nothing of the host functions is left, and nothing was leaked.',
    ],
    action: 'Dispose store A',
    async run(ctx) {
      await ctx.sandbox.disposeStore(ctx.store('A'));
      return ['Store A is disposed.'];
    },
    observe(ctx, snapshot) {
      const store = ctx.storeRecord(snapshot, 'A');
      const log = ctx.hostFunc(snapshot, 'A', 'env.log');
      return {
        done: store?.disposed === true && log?.membersDropped === 2,
        lines: [
          `Store #${store?.id ?? '?'}: ${store?.disposed ? 'disposed' : 'live'}.`,
          funcLine('env.log', log),
          `Leaks of store A: ${ctx.leaks(snapshot, 'A').length}.`,
        ],
      };
    },
  },
  {
    id: 'store-not-disposed',
    title: 'Leak 1: a store nobody disposed',
    text: [
      'Make store B with an instance, then let go of it without calling `dispose()`. When the collector finds the store unreachable, its host functions are freed only then, and the registry flags it.',
    ],
    action: 'Make store B, forget it, collect',
    needsCollector: true,
    async run(ctx) {
      const instance = await ctx.instantiate('B');
      await ctx.sandbox.forgetStore(instance.storeId);
      return [
        `Store #${instance.storeId} was let go of without dispose().`,
        ...(await collect(ctx)),
      ];
    },
    observe(ctx, snapshot) {
      const leaks = leaksOf(ctx, snapshot, 'B', 'store-not-disposed');
      const store = ctx.storeRecord(snapshot, 'B');
      return {
        done: leaks.length > 0,
        lines: [
          `Store #${store?.id ?? '?'}: ${store?.collected ? 'collected' : store?.disposed ? 'disposed' : 'live'}.`,
          leaks.length > 0
            ? `Flagged: \`store-not-disposed\` (${leaks[0].object}).`
            : 'Waiting: collected when the collector runs.',
        ],
      };
    },
  },
  {
    id: 'used-after-dispose',
    title: 'Leak 2: using an instance after its store was disposed',
    text: [
      'Make store C with an instance, then dispose C while the panel keeps its handles. Calling `greet` now fails with `freed`: its store is gone. The registry flags a use after dispose.',
    ],
    action: 'Make store C, dispose it, call greet',
    async run(ctx) {
      const instance = await ctx.instantiate('C');
      await ctx.sandbox.disposeStore(instance.storeId, true);
      return [
        `Store #${instance.storeId} is disposed; the panel kept its handles.`,
        ...outcomeLines('greet(1)', await ctx.call('C', 'greet', [{ type: 'i32', value: 1 }])),
      ];
    },
    observe(ctx, snapshot) {
      const leaks = leaksOf(ctx, snapshot, 'C', 'used-after-dispose');
      return {
        done: leaks.length > 0,
        lines: leaks.map((l) => `Flagged: \`used-after-dispose\` (${l.object}).`),
      };
    },
  },
  {
    id: 'host-call-after-free',
    title: 'Leak 3: calling a host function after free',
    text: [
      'Call C’s `env.log` directly, through the `Func` the panel kept. Its closure was freed with the store, so the callable cannot upgrade its member: “host func called after free of its associated store”.',
    ],
    action: 'Call C’s env.log',
    async run(ctx) {
      return outcomeLines(
        'env.log(1)',
        await ctx.callImport('C', 'env.log', [{ type: 'i32', value: 1 }]),
      );
    },
    observe(ctx, snapshot) {
      const leaks = leaksOf(ctx, snapshot, 'C', 'host-call-after-free');
      const log = ctx.hostFunc(snapshot, 'C', 'env.log');
      return {
        done: leaks.length > 0,
        lines: [
          funcLine('env.log', log),
          ...leaks.map((l) => `Flagged: \`host-call-after-free\` (${l.object}).`),
        ],
      };
    },
  },
  {
    id: 'reachable-after-dispose',
    title: 'Leak 4: still reachable after dispose',
    text: [
      'Let the collector run while the panel still holds C’s handles. Store C is disposed, yet its instance and functions are reachable: whatever holds them keeps them (and what they hold) in memory. The registry flags each one.',
    ],
    action: 'Collect while C’s handles are held',
    needsCollector: true,
    run: collect,
    observe(ctx, snapshot) {
      const leaks = leaksOf(ctx, snapshot, 'C', 'reachable-after-dispose');
      return {
        done: leaks.length > 0,
        lines:
          leaks.length > 0
            ? [
                `Flagged: \`reachable-after-dispose\` for ${leaks.length} object${leaks.length === 1 ? '' : 's'}: ${leaks.map((l) => l.object).join('; ')}.`,
              ]
            : ['Waiting: flagged when the collector runs.'],
      };
    },
  },
  {
    id: 'clean-up',
    title: 'Let go of store C',
    text: [
      'Drop the panel’s handles to store C and let the collector run. The callables are collected, their members drop: 2 of 2, nothing of the host functions is left. No new leak: disposing first, then letting go, is the right order.',
    ],
    action: 'Let go of C and collect',
    needsCollector: true,
    async run(ctx) {
      await ctx.sandbox.forgetStore(ctx.store('C'));
      return ['The panel let go of store C.', ...(await collect(ctx))];
    },
    observe(ctx, snapshot) {
      const log = ctx.hostFunc(snapshot, 'C', 'env.log');
      const now = ctx.hostFunc(snapshot, 'C', 'env.now');
      return {
        done: log?.membersDropped === 2 && now?.membersDropped === 2,
        lines: [
          funcLine('env.log', log),
          funcLine('env.now', now),
          ...(log?.membersDropped === 2 ? [] : ['Waiting: released when the collector runs.']),
        ],
      };
    },
  },
];

/** The guide of the `lifetimes` gallery example. */
export const LIFETIMES_GUIDE: Guide = {
  id: 'lifetimes',
  title: 'Who owns a host function?',
  moduleName: 'lifetimes',
  intro: [
    'The runtime layer gives every function import a host function. Who keeps it alive is not obvious: the store, the instance, the panel’s handles and the garbage collector all play a part. Run the steps in order; the Lifetimes and Leaks panes below show each change.',
    'Garbage collection cannot be forced in a browser page: where a step needs it, what it frees is released when the collector runs.',
  ],
  steps,
};
