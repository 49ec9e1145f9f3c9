/**
 * The Leaks pane: each record the lifetime registry flagged (a store collected without
 * `dispose()`, a use after dispose, a host call after free, an object still reachable after
 * dispose), newest last, with its kind, the object, its store, when, and a sentence on how to
 * fix it; a count per kind above. The Run tab's badge counts the same records.
 */
import type { LeakKind } from '../../../runtime/index.ts';
import {
  LEAK_KINDS,
  clockTime,
  leakRows,
  type ModuleDocument,
  type SandboxState,
} from '../../state/index.ts';
import { formatCount } from '../common/index.ts';

const KIND_ORDER = Object.keys(LEAK_KINDS) as LeakKind[];

/** Renders the leaks the registry flagged in the session. */
export function LeaksPane({ sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const snapshot = sandbox.registry.value;
  void sandbox.lifetimes.version.value;
  const leaks = leakRows(snapshot, sandbox.lifetimes);
  const total = snapshot?.totals.leaks ?? 0;
  const counts = new Map<LeakKind, number>();
  for (const leak of leaks) counts.set(leak.kind, (counts.get(leak.kind) ?? 0) + 1);
  return (
    <div class="state-pane scroll-pane" data-testid="leaks-pane" data-count={String(total)}>
      <div class="toolbar" role="toolbar" aria-label="Leaks">
        <span class="toolbar-title">
          {total === 0 ? 'No leaks flagged' : `${formatCount(total)} flagged`}
        </span>
        <span class="subtle leak-kinds" data-testid="leak-kinds">
          {KIND_ORDER.filter((k) => counts.has(k))
            .map((k) => `${LEAK_KINDS[k].title}: ${counts.get(k)}`)
            .join(' · ')}
        </span>
      </div>
      {total > leaks.length ? (
        <p class="subtle pane-note">
          The registry keeps the latest {formatCount(leaks.length)};{' '}
          {formatCount(total - leaks.length)} older ones are counted only.
        </p>
      ) : null}
      {leaks.length === 0 ? (
        <p class="empty-note">
          The lifetime registry flags a store collected without dispose(), a use after dispose, a
          host call after free, and objects still reachable after dispose. None so far.
        </p>
      ) : (
        <ol class="leak-list">
          {leaks.map((leak) => {
            const kind = LEAK_KINDS[leak.kind];
            return (
              <li
                key={leak.seq}
                class="leak"
                data-testid="leak-row"
                data-kind={leak.kind}
                data-store={leak.storeId}
              >
                <div class="leak-head">
                  <strong class="leak-kind">{kind.title}</strong>
                  <span class="mono leak-object">{leak.object}</span>
                  {leak.object.startsWith(`Store #${leak.storeId}`) ? null : (
                    <span class="subtle">store #{leak.storeId}</span>
                  )}
                  <span class="spacer" />
                  <span class="subtle mono">{leak.at === null ? '' : clockTime(leak.at)}</span>
                </div>
                <div class="leak-meaning subtle">{kind.meaning}</div>
                <div class="leak-fix" data-testid="leak-fix">
                  <span class="leak-fix-label">Fix:</span> {kind.fix}
                </div>
                {leak.stack ? (
                  <details class="leak-stack">
                    <summary>Where it was created</summary>
                    <pre class="mono">{leak.stack}</pre>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
