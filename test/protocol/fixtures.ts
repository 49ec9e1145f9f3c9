/** Well-formed hook reports to mutate in validator tests. */
import type {
  ChunkReport,
  InstanceReport,
  ModuleReport,
  StatusReport,
} from '../../src/protocol/index.ts';

export const HASH = 'ab'.repeat(32);

export function moduleReport(overrides: Partial<ModuleReport> = {}): ModuleReport {
  return {
    kind: 'module',
    hash: HASH,
    size: 96,
    entry: 'instantiateStreaming',
    sourceUrl: 'https://example.test/add.wasm',
    frameUrl: 'https://example.test/',
    time: 1_700_000_000_000,
    worker: null,
    ...overrides,
  };
}

export function instanceReport(overrides: Partial<InstanceReport> = {}): InstanceReport {
  return {
    kind: 'instance',
    instanceId: 'realm1.0',
    hash: HASH,
    time: 1_700_000_000_001,
    memories: [{ index: 0, name: 'mem', origin: 'export', size: 65536 }],
    tables: [],
    globals: [],
    worker: null,
    ...overrides,
  };
}

export function statusReport(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    kind: 'status',
    protocol: 1,
    realmId: 'realm1',
    frameUrl: 'https://example.test/',
    workersCovered: 0,
    uncoveredWorkers: [],
    ...overrides,
  };
}

export function chunkReport(overrides: Partial<ChunkReport> = {}): ChunkReport {
  return {
    kind: 'chunk',
    transferId: 't1',
    hash: HASH,
    part: 'module',
    index: 0,
    total: 1,
    size: 3,
    data: 'AQID',
    ...overrides,
  };
}
