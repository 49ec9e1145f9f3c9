import { describe, expect, it } from 'vitest';
import { TabState } from '../../../src/background/store/tab-state.ts';
import { HASH, instanceReport, moduleReport, statusReport } from '../../protocol/fixtures.ts';

const OTHER = 'cd'.repeat(32);

function tabWithTopFrame(): TabState {
  const tab = new TabState(1, 1000);
  tab.applyStatus(0, statusReport({ realmId: 'doc1' }), 0);
  return tab;
}

describe('TabState', () => {
  it('ignores reports from a frame whose hook has not said hello', () => {
    const tab = new TabState(1, 1000);
    expect(tab.applyModule(0, moduleReport())).toBe(false);
    expect(tab.snapshot().status.hookInstalled).toBe(false);
  });

  it('keeps one module per hash and counts its live instances', () => {
    const tab = tabWithTopFrame();
    expect(tab.applyModule(0, moduleReport())).toBe(true);
    expect(tab.applyModule(0, moduleReport({ entry: 'compile' }))).toBe(false);
    tab.applyInstance(0, instanceReport({ instanceId: 'doc1.0' }));
    tab.applyInstance(0, instanceReport({ instanceId: 'doc1.1' }));
    const snapshot = tab.snapshot();
    expect(snapshot.modules).toHaveLength(1);
    expect(snapshot.modules[0]).toMatchObject({
      hash: HASH,
      entry: 'instantiateStreaming',
      instances: 2,
      stale: false,
    });
    tab.removeInstance('doc1.0');
    expect(tab.snapshot().modules[0].instances).toBe(1);
  });

  it('marks modules stale when the top frame navigates and drops their instances and subframes', () => {
    const tab = tabWithTopFrame();
    tab.applyStatus(5, statusReport({ realmId: 'sub1' }), 0);
    tab.applyModule(0, moduleReport());
    tab.applyModule(5, moduleReport({ hash: OTHER }));
    tab.applyInstance(0, instanceReport({ instanceId: 'doc1.0' }));
    tab.applyStatus(0, statusReport({ realmId: 'doc2' }), 0);
    const snapshot = tab.snapshot();
    expect(snapshot.modules.map((module) => module.stale)).toEqual([true, true]);
    expect(snapshot.instances).toHaveLength(0);
    expect(snapshot.status.frames).toBe(1);
  });

  it('a module compiled again by the new document is fresh again', () => {
    const tab = tabWithTopFrame();
    tab.applyModule(0, moduleReport());
    tab.applyStatus(0, statusReport({ realmId: 'doc2' }), 0);
    expect(tab.applyModule(0, moduleReport({ entry: 'compile' }))).toBe(true);
    expect(tab.snapshot().modules[0]).toMatchObject({ stale: false, entry: 'compile' });
  });

  it('a repeated status from the same document (an announce) changes nothing', () => {
    const tab = tabWithTopFrame();
    tab.applyModule(0, moduleReport());
    tab.applyInstance(0, instanceReport({ instanceId: 'doc1.0' }));
    tab.applyStatus(0, statusReport({ realmId: 'doc1' }), 4);
    expect(tab.snapshot().modules[0]).toMatchObject({ stale: false, instances: 1 });
    expect(tab.snapshot().status.dropped).toBe(4);
  });

  it('sums worker coverage and drops over frames', () => {
    const tab = new TabState(1, 1000);
    const uncovered = [{ url: 'https://example.test/w.js', reason: 'csp' }];
    tab.applyStatus(0, statusReport({ realmId: 'a', workersCovered: 2 }), 1);
    tab.applyStatus(
      3,
      statusReport({ realmId: 'b', workersCovered: 1, uncoveredWorkers: uncovered }),
      2,
    );
    expect(tab.snapshot().status).toMatchObject({
      hookInstalled: true,
      frames: 2,
      workersCovered: 3,
      dropped: 3,
      uncoveredWorkers: uncovered,
    });
  });

  it('survives a round trip through its persisted record', () => {
    const tab = tabWithTopFrame();
    tab.applyModule(0, moduleReport());
    tab.applyInstance(0, instanceReport({ instanceId: 'doc1.0' }));
    tab.bytes.put(HASH, new Uint8Array(96));
    const restored = TabState.restore(1, 1000, JSON.parse(JSON.stringify(tab.record())));
    expect(restored.snapshot()).toEqual({
      ...tab.snapshot(),
      modules: [{ ...tab.snapshot().modules[0], bytesCached: false }],
    });
  });
});
