/**
 * The panel ↔ sandbox worker messages: every validator accepts what the real service sends and
 * refuses malformed input; a seeded fuzzer mutates well-formed parameters, results and events
 * (`SANDBOX_FUZZ_CASES`, `FUZZ_SEED` to change) and checks that no validator throws, and that
 * a real sandbox service fed the mutants answers each call exactly once and keeps working.
 */
import { describe, expect, it } from 'vitest';
import {
  isSandboxVal,
  sandboxEventValidators,
  sandboxParamValidators,
  sandboxResultValidators,
  type SandboxApi,
  type SandboxEvents,
} from '../../src/protocol/sandbox/index.ts';
import { RpcClient, type MessageEndpoint } from '../../src/protocol/rpc/index.ts';
import { serveSandbox } from '../../src/panel/workers/sandbox/sandbox-service.ts';
import { Random } from '../support/fuzz.ts';
import { fixtureBytes } from '../panel/support/sandbox-fixtures.ts';

const CASES = Number(process.env.SANDBOX_FUZZ_CASES ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** Well-formed parameters of each method. */
const PARAMS: { [K in keyof SandboxApi]: SandboxApi[K]['params'] } = {
  hello: {},
  loadModule: { bytes: new ArrayBuffer(8), name: 'a.wasm' },
  createStore: {},
  disposeStore: { storeId: 2, keepHandles: true },
  instantiate: {
    storeId: 2,
    moduleId: 1,
    imports: [
      {
        kind: 'auto',
        behavior: { kind: 'return', values: [{ type: 'i32', value: 1 }] },
        initial: null,
      },
      {
        kind: 'auto',
        behavior: { kind: 'trap', message: 'no' },
        initial: { type: 'f64', bits: 1n },
      },
      { kind: 'export', instanceId: 4, name: 'f' },
      { kind: 'wasi' },
    ],
    wasi: { args: ['a', 'b'], env: ['A=1'] },
  },
  setBehavior: { instanceId: 4, importIndex: 0, behavior: { kind: 'return', values: [] } },
  call: {
    func: 3,
    args: [
      { type: 'i32', value: -1 },
      { type: 'i64', value: -1n },
      { type: 'f32', bits: 0x7fc00000 },
      { type: 'f64', bits: 0n },
      { type: 'v128', hex: '00'.repeat(16) },
      { type: 'externref', ref: null },
      { type: 'funcref', ref: 7 },
    ],
  },
  createExternRef: { storeId: 2, label: 'note' },
  dropHandle: { handle: 3 },
  dropInstance: { instanceId: 4 },
  forgetStore: { storeId: 2 },
  collectGarbage: {},
  watch: {
    windows: [
      { kind: 'memory', handle: 1, offset: 0, length: 4096 },
      { kind: 'table', handle: 2, start: 0, count: 10 },
      { kind: 'globals', handles: [5, 6] },
    ],
  },
  readMemory: { handle: 1, offset: 16, length: 64 },
  writeMemory: { handle: 1, offset: 16, bytes: new ArrayBuffer(4) },
  readTable: { handle: 2, start: 0, count: 2 },
  setTableEntry: { handle: 2, index: 0, value: { type: 'funcref', ref: null } },
  readGlobals: { handles: [5] },
  setGlobal: { handle: 5, value: { type: 'i32', value: 1 } },
  wasiFiles: {},
  putWasiFile: { path: 'dir/input.txt', bytes: new ArrayBuffer(3) },
  readWasiFile: { path: 'input.txt' },
  removeWasiFile: { path: 'input.txt' },
  registrySnapshot: {},
  memorySearch: {
    handle: 1,
    pattern: new Uint8Array([0x11, 0x22]).buffer,
    caseInsensitive: false,
    from: 0,
    direction: 'forward',
    maxMatches: 100,
  },
  memorySnapshot: { handle: 1 },
  memoryDiff: { snapshot: 1, maxRanges: 1000 },
  memoryDropSnapshot: { snapshot: 1 },
};

const FAILURE = {
  code: 'trap',
  message: 'unreachable',
  cause: 'RuntimeError: unreachable',
  hostImport: null,
  frames: [{ text: 'm.f (wasm://…)', moduleId: 1, funcIndex: 2, funcName: 'f', offset: 70 }],
};

/** Well-formed results of a few methods. */
const RESULTS: Partial<{ [K in keyof SandboxApi]: SandboxApi[K]['result'] }> = {
  hello: {
    crossOriginIsolated: false,
    sharedMemory: false,
    features: ['simd'],
    userAgent: 'x',
    canForceGc: false,
  },
  loadModule: {
    moduleId: 1,
    name: 'a',
    imports: [
      { index: 0, module: 'env', name: 'f', type: { kind: 'func', params: ['i32'], results: [] } },
    ],
    exports: [
      {
        name: 'm',
        type: { kind: 'memory', initial: 1, maximum: null, address: 'i32', shared: false },
        funcIndex: null,
      },
    ],
    wasi: null,
    sharedMemory: false,
  },
  call: { kind: 'failed', failure: FAILURE, durationMs: 1.5, hostCalls: 2 },
  instantiate: {
    kind: 'instantiated',
    instance: {
      instanceId: 4,
      storeId: 2,
      moduleId: 1,
      exports: [{ name: 'g', type: { kind: 'global', content: 'i32', mutable: true }, handle: 5 }],
      imports: [
        {
          index: 0,
          module: 'env',
          name: 'f',
          type: { kind: 'func', params: [], results: [] },
          source: 'host',
          handle: 6,
        },
      ],
    },
    durationMs: 0,
    hostCalls: 0,
  },
  readMemory: { size: 65536, offset: 0, bytes: new ArrayBuffer(16) },
  readTable: {
    size: 2,
    element: 'funcref',
    entries: [
      {
        index: 0,
        value: { type: 'funcref', ref: 3, label: 'f' },
        func: { type: 'func()', host: false, moduleId: 1, funcIndex: 2, name: '$f' },
      },
      { index: 1, value: { type: 'funcref', ref: null } },
    ],
  },
  dropInstance: { dropped: [5, 6] },
  collectGarbage: { forced: true },
  readGlobals: [
    { handle: 5, name: 'g', content: 'i32', mutable: true, value: { type: 'i32', value: 1 } },
  ],
  registrySnapshot: {
    stores: [{ id: 2, disposed: false, collected: false, hostFuncs: 1 }],
    hostFuncs: [
      {
        id: 3,
        storeId: 2,
        type: 'func()',
        state: 'released',
        releasedBy: 'gc',
        calls: 1,
        callsAfterFree: 0,
        membersDropped: 1,
      },
    ],
    leaks: [{ kind: 'used-after-dispose', object: 'Func f', storeId: 2, stack: '' }],
    totals: { stores: 1, storesDisposed: 0, hostFuncs: 1, hostFuncsLive: 0, leaks: 1 },
  },
  memorySearch: { matches: [64, 1024], resumeAt: null, scanned: 65536 },
  memorySnapshot: { snapshot: 1, length: 65536, copiedBytes: 4096, hashedBlocks: 15 },
  memoryDiff: {
    ranges: [
      { start: 64, end: 68, kind: 'changed' },
      { start: 4096, end: 8192, kind: 'block' },
      { start: 65536, end: 131072, kind: 'grown' },
    ],
    truncated: false,
    changedBytes: 69636,
    lengthThen: 65536,
    lengthNow: 131072,
  },
  memoryDropSnapshot: null,
};

/** Well-formed events of each topic. */
const EVENTS: { [K in keyof SandboxEvents]: SandboxEvents[K] } = {
  registry: {
    events: [
      { kind: 'store-created', storeId: 2 },
      { kind: 'host-func-called', funcId: 3, storeId: 2, afterFree: false },
      { kind: 'host-func-collected', funcId: 3, storeId: 2 },
      {
        kind: 'leak',
        leak: { kind: 'store-not-disposed', object: 'Store #2', storeId: 2, stack: '' },
      },
    ],
    times: [1_700_000_000_000.5, 1_700_000_000_001, 1_700_000_000_002, 1_700_000_000_003],
    dropped: 0,
    snapshot: null,
    hostFuncs: [
      { funcId: 3, storeId: 2, instanceId: 4, importIndex: 0, name: 'env.log', handle: 6 },
      { funcId: 5, storeId: 2, instanceId: null, importIndex: 1, name: 'env.tick', handle: null },
    ],
  },
  console: { chunks: [{ instanceId: 4, stream: 'stdout', text: 'hello\n' }] },
  'host-calls': {
    calls: [
      {
        seq: 1,
        instanceId: 4,
        importIndex: 0,
        name: 'env.log',
        args: [{ type: 'i32', value: 7 }],
        results: null,
        trap: 'boom',
        durationMs: 0.1,
      },
    ],
    dropped: 3,
  },
  live: {
    elapsedMs: 120,
    hostCalls: 10,
    windows: [
      { kind: 'memory', handle: 1, offset: 0, size: 65536, bytes: new ArrayBuffer(4) },
      { kind: 'globals', globals: [] },
    ],
  },
  'memory-grown': { grown: [{ handle: 1, from: 65536, to: 131072 }] },
};

const JUNK: unknown[] = [
  null,
  undefined,
  -1,
  0.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  -(2n ** 70n),
  2n ** 64n,
  '',
  'x'.repeat(70_000),
  '../../etc/passwd',
  'a\0b',
  {},
  [],
  [[[[[]]]]],
  true,
  new ArrayBuffer(0),
  new Uint8Array(4),
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__":{"polluted":true}}'),
];

/** A structurally mutated copy of `value` (a pure function of `random`'s state). */
function mutate(value: unknown, random: Random, depth = 0): unknown {
  if (random.below(4) === 0 || depth > 6) return random.pick(JUNK);
  if (Array.isArray(value)) {
    const copy = value.map((item) =>
      random.below(3) === 0 ? mutate(item, random, depth + 1) : item,
    );
    switch (random.below(5)) {
      case 0:
        copy.pop();
        break;
      case 1:
        copy.push(mutate(copy[0], random, depth + 1));
        break;
      case 2:
        return Array.from({ length: 1 + random.below(3) }, () => copy).flat();
    }
    return copy;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof ArrayBuffer)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length > 0) {
      const key = random.pick(keys);
      switch (random.below(4)) {
        case 0:
          delete copy[key];
          break;
        case 1:
          copy[key] = random.pick(JUNK);
          break;
        default:
          copy[key] = mutate(copy[key], random, depth + 1);
      }
    }
    if (random.below(8) === 0)
      copy[random.pick(['kind', 'type', 'extra', 'constructor'])] = random.pick(JUNK);
    return copy;
  }
  return random.pick(JUNK);
}

describe('sandbox message validators', () => {
  it('accept what the protocol defines', () => {
    for (const [method, params] of Object.entries(PARAMS)) {
      const validate = sandboxParamValidators[method as keyof SandboxApi] as (
        p: unknown,
      ) => boolean;
      expect(validate(params), method).toBe(true);
    }
    for (const [method, result] of Object.entries(RESULTS)) {
      const validate = sandboxResultValidators[method as keyof SandboxApi] as (
        p: unknown,
      ) => boolean;
      expect(validate(result), method).toBe(true);
    }
    for (const [topic, payload] of Object.entries(EVENTS)) {
      const validate = sandboxEventValidators[topic as keyof SandboxEvents] as (
        p: unknown,
      ) => boolean;
      expect(validate(payload), topic).toBe(true);
    }
  });

  it.each([
    ['an i32 out of range', { type: 'i32', value: 2 ** 31 }],
    ['a fractional i32', { type: 'i32', value: 1.5 }],
    ['an i64 as a number', { type: 'i64', value: 1 }],
    ['an i64 past 64 bits', { type: 'i64', value: 2n ** 63n }],
    ['f32 bits past 32', { type: 'f32', bits: 2 ** 32 }],
    ['negative f64 bits', { type: 'f64', bits: -1n }],
    ['short v128 hex', { type: 'v128', hex: '00' }],
    ['uppercase v128 hex', { type: 'v128', hex: 'AA'.repeat(16) }],
    ['a reference handle 0', { type: 'funcref', ref: 0 }],
    ['an unknown type', { type: 'i128', value: 1 }],
    ['an unknown reference family', { type: 'stringref', ref: null }],
  ])('refuse %s as a value', (_label, value) => {
    expect(isSandboxVal(value)).toBe(false);
  });

  it('refuse a registry batch whose times do not match its events, and unknown event kinds', () => {
    const batch = EVENTS.registry;
    expect(sandboxEventValidators.registry({ ...batch, times: batch.times.slice(1) })).toBe(false);
    expect(
      sandboxEventValidators.registry({ ...batch, times: [...batch.times.slice(1), Number.NaN] }),
    ).toBe(false);
    expect(
      sandboxEventValidators.registry({
        ...batch,
        events: [{ kind: 'host-func-forgotten', funcId: 1, storeId: 1 }],
        times: [1],
      }),
    ).toBe(false);
    expect(
      sandboxEventValidators.registry({
        ...batch,
        hostFuncs: [{ ...batch.hostFuncs[0], handle: 0 }],
      }),
    ).toBe(false);
    expect(sandboxResultValidators.dropInstance({ dropped: [0] })).toBe(false);
    expect(
      sandboxResultValidators.readTable({
        size: 1,
        element: 'funcref',
        entries: [
          { index: 0, value: { type: 'funcref', ref: 1 }, func: { type: 'func()', host: 'no' } },
        ],
      }),
    ).toBe(false);
  });

  it('refuse paths that leave the WASI directory and oversized reads', () => {
    for (const path of ['../x', '/abs', 'a//b', 'a/./b', '', 'a\0b']) {
      expect(sandboxParamValidators.readWasiFile({ path }), path).toBe(false);
    }
    expect(
      sandboxParamValidators.readMemory({ handle: 1, offset: 0, length: 16 * 1024 * 1024 + 1 }),
    ).toBe(false);
    expect(
      sandboxParamValidators.call({
        func: 1,
        args: Array.from({ length: 1001 }, () => ({ type: 'i32', value: 0 })),
      }),
    ).toBe(false);
    expect(
      sandboxResultValidators.readMemory({ size: 4, offset: 2, bytes: new ArrayBuffer(8) }),
    ).toBe(false);
    expect(
      sandboxParamValidators.memorySearch({ ...PARAMS.memorySearch, pattern: new ArrayBuffer(0) }),
    ).toBe(false);
    expect(sandboxParamValidators.memoryDiff({ snapshot: 1, maxRanges: 100_001 })).toBe(false);
    expect(
      sandboxEventValidators['memory-grown']({ grown: [{ handle: 1, from: 65536, to: 65536 }] }),
    ).toBe(false);
    expect(
      sandboxEventValidators['memory-grown']({ grown: [{ handle: 0, from: 0, to: 65536 }] }),
    ).toBe(false);
  });

  it(`never throw on ${CASES} mutants of parameters, results and events (seed ${SEED})`, () => {
    const random = new Random(SEED);
    const samples: [string, (v: unknown) => boolean, unknown][] = [
      ...Object.entries(PARAMS).map(
        ([m, p]) =>
          [
            `params ${m}`,
            sandboxParamValidators[m as keyof SandboxApi] as (v: unknown) => boolean,
            p,
          ] as [string, (v: unknown) => boolean, unknown],
      ),
      ...Object.entries(RESULTS).map(
        ([m, r]) =>
          [
            `result ${m}`,
            sandboxResultValidators[m as keyof SandboxApi] as (v: unknown) => boolean,
            r,
          ] as [string, (v: unknown) => boolean, unknown],
      ),
      ...Object.entries(EVENTS).map(
        ([t, e]) =>
          [
            `event ${t}`,
            sandboxEventValidators[t as keyof SandboxEvents] as (v: unknown) => boolean,
            e,
          ] as [string, (v: unknown) => boolean, unknown],
      ),
    ];
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const [label, validate, sample] = random.pick(samples);
      const mutant = mutate(sample, random);
      let verdict: boolean;
      try {
        verdict = validate(mutant);
      } catch (error) {
        throw new Error(`${label} validator threw on case ${i} (seed ${SEED}): ${String(error)}`, {
          cause: error,
        });
      }
      expect(typeof verdict).toBe('boolean');
      if (verdict) accepted++;
    }
    // Some mutants stay well-formed (a changed count, a dropped optional field); most do not.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(CASES);
  });

  it('a real sandbox service answers every mutated call once, and keeps working', async () => {
    const channel = new MessageChannel();
    const { server, session } = serveSandbox(channel.port1 as unknown as MessageEndpoint);
    channel.port1.start();
    channel.port2.start();
    const client = new RpcClient<SandboxApi>(
      channel.port2 as unknown as MessageEndpoint,
      sandboxResultValidators,
    );
    const module = await client.call('loadModule', {
      bytes: await fixtureBytes('imports'),
      name: 'imports',
    });
    const { storeId } = await client.call('createStore', {});
    const random = new Random(SEED + 1);
    const methods = Object.keys(PARAMS) as (keyof SandboxApi)[];
    const replies = new Map<string, number>();
    const onReply = (event: MessageEvent) => {
      const data = event.data as { rpc?: string; id?: string };
      if (
        (data.rpc === 'result' || data.rpc === 'error') &&
        typeof data.id === 'string' &&
        data.id.startsWith('fuzz')
      )
        replies.set(data.id, (replies.get(data.id) ?? 0) + 1);
    };
    channel.port2.addEventListener('message', onReply);
    const count = Math.min(2000, CASES);
    const sent = new Set<string>();
    for (let i = 0; i < count; i++) {
      const method = random.pick(methods);
      // Destructive methods on real objects are skipped: the point is malformed input.
      if (method === 'disposeStore' || method === 'dropHandle') continue;
      let params = mutate(PARAMS[method], random);
      if (method === 'loadModule' && random.below(2) === 0)
        params = { bytes: new ArrayBuffer(16), name: 'junk' };
      channel.port2.postMessage({ rpc: 'call', id: `fuzz${i}`, method, params });
      sent.add(`fuzz${i}`);
    }
    // Envelopes that are not calls at all are dropped and counted.
    for (const junk of JUNK) channel.port2.postMessage(junk);
    const started = Date.now();
    while (replies.size < sent.size && Date.now() - started < 20_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...sent].filter((id) => !replies.has(id))).toEqual([]);
    expect([...replies.values()].every((n) => n === 1)).toBe(true);
    expect(server.dropped).toBeGreaterThanOrEqual(JUNK.length);
    // Still works: instantiate and call.
    const outcome = await client.call('instantiate', {
      storeId,
      moduleId: module.moduleId,
      imports: module.imports.map(() => ({
        kind: 'auto',
        behavior: { kind: 'return', values: [] },
        initial: null,
      })),
      wasi: null,
    });
    expect(outcome.kind).toBe('instantiated');
    if (outcome.kind !== 'instantiated') return;
    const add = outcome.instance.exports.find((e) => e.name === 'add')!.handle;
    expect(
      await client.call('call', {
        func: add,
        args: [
          { type: 'i32', value: 1 },
          { type: 'i32', value: 2 },
        ],
      }),
    ).toMatchObject({ kind: 'returned', results: [{ type: 'i32', value: 3 }] });
    // And searches the instance's memory where it is.
    const memory = outcome.instance.exports.find((e) => e.name === 'memory')!.handle;
    await client.call('writeMemory', {
      handle: memory,
      offset: 300,
      bytes: new Uint8Array([0xfe, 0xed, 0xfa, 0xce]).buffer,
    });
    expect(
      await client.call('memorySearch', {
        handle: memory,
        pattern: new Uint8Array([0xfe, 0xed, 0xfa, 0xce]).buffer,
        caseInsensitive: false,
        from: 0,
        direction: 'forward',
        maxMatches: 10,
      }),
    ).toMatchObject({ matches: [300], resumeAt: null });
    server.close();
    session.close();
    channel.port1.close();
    channel.port2.close();
  });
});
