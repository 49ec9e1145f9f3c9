/**
 * The Lifetimes pane: every store of the session (live, disposed, collected) and, per store,
 * its host functions with their type, the import each serves, where each is (live → released
 * by its store, its Func or the collector → freed), its calls and calls after free, and the
 * bookkeeping its wobbly group still holds. The selected host function's history shows on a
 * small timeline. Controls dispose or let go of a store, drop the panel's handle to a Func, and
 * call a function whose store is gone (to see the `freed` error). The collector cannot be
 * forced in a browser page: where it matters, the pane says things are released when it runs.
 */
import {
  bookkeepingText,
  callFromLifetimes,
  clockTime,
  firstFunctionExport,
  hostFuncRows,
  hostFuncTimeline,
  lifetimeAction,
  lifetimesArea,
  relativeTime,
  releasedByText,
  storeRows,
  type HostFuncRow,
  type LifetimeCall,
  type ModuleDocument,
  type SandboxState,
  type StoreRow,
  type TimelinePoint,
} from '../../state/index.ts';
import { DataGrid, formatCount, type Column } from '../common/index.ts';
import { listPaneHeight } from '../lists/pane-height.ts';

/** A grid sized to its rows (up to `maxRows`), with room for a horizontal scrollbar. */
function gridHeight(rows: number, maxRows: number): number {
  const TOOLBAR = 27;
  const SCROLLBAR = 14;
  return listPaneHeight(rows, maxRows) - TOOLBAR + SCROLLBAR;
}
import { FailureView } from './FailureView.tsx';
import { ValueList } from './ValueText.tsx';

/** `live`, `disposed (by dispose())`, `collected (never disposed)`. */
function storeStatusText(row: StoreRow): string {
  if (row.status === 'live') return 'live';
  if (row.status === 'collected')
    return row.endedBy === 'gc' ? 'collected without dispose()' : 'disposed, then collected';
  return row.endedBy === 'intoData' ? 'disposed (intoData)' : 'disposed';
}

/** Whether a live host function waits for the collector: nothing the panel holds reaches it. */
function awaitsCollector(row: HostFuncRow, sandbox: SandboxState): boolean {
  if (row.phase === 'freed') return false;
  const instanceHeld =
    row.instanceId !== null &&
    sandbox.instances.value.some((i) => i.summary.instanceId === row.instanceId);
  if (row.phase === 'live') return row.handle === null && !instanceHeld;
  // Released by its store: the callable's member goes when the callable is collected.
  return (
    row.membersDropped === 1 && row.releasedBy !== 'gc' && row.handle === null && !instanceHeld
  );
}

function phaseText(row: HostFuncRow): string {
  if (row.phase === 'live') return 'live';
  const by = releasedByText(row.releasedBy);
  return row.phase === 'freed' ? `freed (released ${by})` : `released ${by}`;
}

function CollectorButton({ sandbox, doc }: { sandbox: SandboxState; doc: ModuleDocument }) {
  const forced = sandbox.environment.value?.canForceGc ?? false;
  return (
    <button
      class="toolbar-button text"
      data-testid="collect-garbage"
      title={
        forced
          ? 'Run the garbage collector in the sandbox now'
          : 'A browser page cannot force garbage collection: this invites the collector, which runs when the engine chooses'
      }
      disabled={sandbox.status.value !== 'ready'}
      onClick={() => void lifetimeAction(doc, () => sandbox.collectGarbage())}
    >
      {forced ? 'Collect garbage' : 'Invite the collector'}
    </button>
  );
}

function StoreActions({
  doc,
  sandbox,
  row,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  row: StoreRow;
}) {
  const busy = sandbox.status.value !== 'ready';
  const instances = sandbox.instances.value.filter((i) => i.summary.storeId === row.storeId);
  const target = instances
    .map((instance) => ({ instance, exp: firstFunctionExport(instance) }))
    .find((t) => t.exp !== null);
  const act = (action: () => Promise<unknown>) => void lifetimeAction(doc, action);
  return (
    <div class="pane-footer lifetime-actions" data-testid="store-actions" data-store={row.storeId}>
      <span class="toolbar-title">Store #{row.storeId}</span>
      {row.status === 'live' && row.held ? (
        <>
          <button
            class="button"
            data-testid="dispose-store"
            disabled={busy}
            title="store.dispose(): frees its host functions now; the panel lets go of its instances"
            onClick={() => act(() => sandbox.disposeStore(row.storeId))}
          >
            Dispose
          </button>
          <button
            class="button"
            data-testid="dispose-store-keep"
            disabled={busy}
            title="Dispose the store but keep the panel's handles to its instances and functions, to call them afterwards"
            onClick={() => act(() => sandbox.disposeStore(row.storeId, true))}
          >
            Dispose, keep handles
          </button>
        </>
      ) : null}
      {row.held ? (
        <button
          class="button"
          data-testid="forget-store"
          disabled={busy}
          title={
            row.status === 'live'
              ? 'Let go of the store without dispose(): collected (and flagged) when the collector runs'
              : 'Drop the handles the panel kept: they can be collected when the collector runs'
          }
          onClick={() => act(() => sandbox.forgetStore(row.storeId))}
        >
          {row.status === 'live' ? 'Let go without dispose()' : 'Drop kept handles'}
        </button>
      ) : null}
      {row.status !== 'live' && target?.exp ? (
        <button
          class="button"
          data-testid="call-after-dispose"
          disabled={busy}
          title="Call a function of an instance whose store is gone: it fails with freed"
          onClick={() =>
            void callFromLifetimes(
              doc,
              sandbox,
              target.exp!.handle,
              target.exp!.params,
              `${target.exp!.name}() of instance #${target.instance.summary.instanceId}`,
            )
          }
        >
          Call {target.exp.name}() of instance #{target.instance.summary.instanceId}
        </button>
      ) : null}
      {row.status === 'live' && !row.held ? (
        <span class="subtle">
          Not held by the panel: collected when the collector runs, then flagged (never disposed).
        </span>
      ) : null}
    </div>
  );
}

function CallResult({ call, sandbox }: { call: LifetimeCall; sandbox: SandboxState }) {
  const outcome = call.outcome;
  return (
    <div class="lifetime-call" data-testid="lifetime-call" data-kind={outcome.kind}>
      <span class="mono">{call.label}</span>{' '}
      {outcome.kind === 'returned' ? (
        <>
          returned <ValueList values={outcome.results} />
        </>
      ) : outcome.kind === 'exited' ? (
        `exited with code ${outcome.code}`
      ) : (
        <FailureView failure={outcome.failure} sandbox={sandbox} />
      )}
    </div>
  );
}

const POINT_TITLES: Record<TimelinePoint['kind'], string> = {
  created: 'created',
  call: 'called',
  released: 'released',
  'store-member': 'store member dropped',
  'callable-member': 'callable member dropped',
  'after-free': 'called after free',
};

/** A small timeline: the points placed by time on a line, then listed with their times. */
function Timeline({ points }: { points: TimelinePoint[] }) {
  if (points.length === 0)
    return <p class="subtle">No events of it reached the panel (it is older than the log).</p>;
  const start = points[0].at;
  const span = Math.max(1, points[points.length - 1].at - start);
  return (
    <div class="timeline" data-testid="timeline">
      <div class="timeline-line" aria-hidden="true">
        {points.map((p, i) => (
          <span
            key={i}
            class={`timeline-dot ${p.kind}`}
            style={{ left: `${((p.at - start) / span) * 100}%` }}
            title={`${POINT_TITLES[p.kind]} at ${relativeTime(p.at, start)}`}
          />
        ))}
      </div>
      <ol class="timeline-points">
        {points.map((p, i) => (
          <li key={i} data-testid="timeline-point" data-kind={p.kind}>
            <span class={`timeline-dot ${p.kind}`} aria-hidden="true" />
            <span class="mono subtle" title={clockTime(p.at)}>
              {relativeTime(p.at, start)}
            </span>{' '}
            {p.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

function FuncDetail({
  doc,
  sandbox,
  row,
  storeEnd,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  row: HostFuncRow;
  storeEnd: number | null;
}) {
  void sandbox.lifetimes.version.value;
  const busy = sandbox.status.value !== 'ready';
  const points = hostFuncTimeline(row, sandbox.lifetimes, storeEnd);
  const [params] = row.type.match(/^func\(([^)]*)\)/)?.slice(1) ?? [''];
  return (
    <div class="func-detail" data-testid="func-detail" data-func={row.funcId}>
      <div class="func-detail-head">
        <strong class="mono">{row.importName ?? `host function #${row.funcId}`}</strong>{' '}
        <span class="subtle">
          #{row.funcId} · store #{row.storeId} · <span class="mono">{row.type}</span>
        </span>
      </div>
      <div data-testid="bookkeeping">{bookkeepingText(row.membersDropped)}</div>
      {awaitsCollector(row, sandbox) ? (
        <div class="subtle" data-testid="awaits-collector">
          Nothing the panel holds reaches its callable: released when the collector runs.
        </div>
      ) : null}
      <div class="inline-fields">
        {row.handle !== null ? (
          <>
            <button
              class="button"
              data-testid="drop-func"
              disabled={busy}
              title="Drop the panel's handle to this Func (the instance that imports it may still hold its callable)"
              onClick={() => void lifetimeAction(doc, () => sandbox.dropHandle(row.handle!))}
            >
              Drop the panel’s handle
            </button>
            <button
              class="button"
              data-testid="call-func"
              disabled={busy}
              title="Call this host function directly, with zero arguments"
              onClick={() =>
                void callFromLifetimes(
                  doc,
                  sandbox,
                  row.handle!,
                  params ? params.split(', ') : [],
                  `${row.importName ?? `host function #${row.funcId}`}()`,
                )
              }
            >
              Call it
            </button>
          </>
        ) : (
          <span class="subtle">The panel holds no handle to it.</span>
        )}
      </div>
      <Timeline points={points} />
    </div>
  );
}

/** Renders the lifetimes of the session's stores and host functions. */
export function LifetimesPane({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const area = lifetimesArea(doc);
  const snapshot = sandbox.registry.value;
  void sandbox.lifetimes.version.value;
  const stores = storeRows(
    snapshot,
    sandbox.lifetimes,
    sandbox.stores.value,
    sandbox.instances.value,
  );
  const storeId = area.store.value;
  const funcs = hostFuncRows(snapshot, sandbox.lifetimes, storeId, sandbox.droppedHandles.value);
  const selectedStore = stores.find((s) => s.storeId === storeId) ?? null;
  const selectedFunc = funcs.find((f) => f.funcId === area.func.value) ?? null;
  const storeEnd = stores.find((s) => s.storeId === selectedFunc?.storeId)?.endedAt ?? null;
  const totals = snapshot?.totals;
  const storeColumns: Column<StoreRow>[] = [
    { id: 'store', title: 'Store', width: '64px', render: (r) => `#${r.storeId}` },
    {
      id: 'status',
      title: 'Status',
      width: 'minmax(120px, 2fr)',
      render: (r) => <span class={`lifetime-status ${r.status}`}>{storeStatusText(r)}</span>,
    },
    {
      id: 'funcs',
      title: 'Host functions',
      width: 'minmax(90px, 1fr)',
      numeric: true,
      render: (r) => `${r.hostFuncs} (${r.liveHostFuncs} live)`,
    },
    {
      id: 'held',
      title: 'Panel',
      width: 'minmax(90px, 1fr)',
      render: (r) =>
        r.held
          ? `${r.instances} instance${r.instances === 1 ? '' : 's'}`
          : r.status === 'live'
            ? 'let go'
            : '',
    },
  ];
  const funcColumns: Column<HostFuncRow>[] = [
    { id: 'id', title: '#', width: '40px', numeric: true, render: (r) => r.funcId },
    { id: 'store', title: 'Store', width: '52px', render: (r) => `#${r.storeId}` },
    {
      id: 'import',
      title: 'Import',
      width: 'minmax(90px, 1.5fr)',
      render: (r) => <span class="mono">{r.importName ?? ''}</span>,
    },
    {
      id: 'type',
      title: 'Type',
      width: 'minmax(100px, 1.5fr)',
      render: (r) => <span class="mono">{r.type}</span>,
    },
    {
      id: 'state',
      title: 'State',
      width: 'minmax(110px, 1.5fr)',
      render: (r) => <span class={`lifetime-status ${r.phase}`}>{phaseText(r)}</span>,
    },
    { id: 'calls', title: 'Calls', width: '52px', numeric: true, render: (r) => r.calls },
    {
      id: 'after',
      title: 'After free',
      width: '64px',
      numeric: true,
      render: (r) =>
        r.callsAfterFree > 0 ? <span class="error-text">{r.callsAfterFree}</span> : 0,
    },
    {
      id: 'members',
      title: 'Bookkeeping',
      width: 'minmax(120px, 1.5fr)',
      render: (r) => `${r.membersDropped} of 2 members dropped`,
      tooltip: (r) => bookkeepingText(r.membersDropped),
    },
  ];
  return (
    <div class="state-pane scroll-pane" data-testid="lifetimes-pane">
      <div class="toolbar" role="toolbar" aria-label="Lifetimes">
        <label class="toolbar-field">
          Store
          <select
            class="select"
            data-testid="lifetimes-store"
            value={storeId === null ? '' : String(storeId)}
            onChange={(event) => {
              const value = (event.target as HTMLSelectElement).value;
              area.store.value = value === '' ? null : Number(value);
            }}
          >
            <option value="">All stores</option>
            {stores.map((s) => (
              <option key={s.storeId} value={String(s.storeId)}>
                #{s.storeId} ({s.status})
              </option>
            ))}
          </select>
        </label>
        <span class="subtle" data-testid="lifetimes-totals">
          {totals
            ? `${formatCount(totals.stores)} stores (${formatCount(totals.storesDisposed)} ended) · ${formatCount(totals.hostFuncs)} host functions (${formatCount(totals.hostFuncsLive)} live)`
            : 'No stores yet.'}
        </span>
        <span class="spacer" />
        <CollectorButton sandbox={sandbox} doc={doc} />
      </div>
      {sandbox.environment.value && !sandbox.environment.value.canForceGc ? (
        <p class="subtle pane-note">
          A browser page cannot force garbage collection: what only the collector frees is released
          when the collector runs.
        </p>
      ) : null}
      {area.actionError.value ? (
        <p class="error-text" data-testid="lifetime-error">
          {area.actionError.value}
        </p>
      ) : null}
      <h3 class="pane-heading">Stores</h3>
      <div class="pane-grid fixed" style={{ height: `${gridHeight(stores.length, 6)}px` }}>
        <DataGrid<StoreRow>
          label="Stores"
          count={stores.length}
          rowAt={(i) => stores[i]}
          columns={storeColumns}
          selected={selectedStore ? stores.indexOf(selectedStore) : null}
          onSelect={(i) => {
            area.store.value = stores[i]?.storeId ?? null;
            area.func.value = null;
          }}
          testId="lifetime-stores"
          minWidth="360px"
          rowData={(r) => ({
            'data-testid': 'store-row',
            'data-store': String(r.storeId),
            'data-status': r.status,
          })}
          empty="No stores yet: instantiate the module."
        />
      </div>
      {selectedStore ? <StoreActions doc={doc} sandbox={sandbox} row={selectedStore} /> : null}
      <h3 class="pane-heading">Host functions{storeId === null ? '' : ` of store #${storeId}`}</h3>
      <div class="pane-grid fixed" style={{ height: `${gridHeight(funcs.length, 8)}px` }}>
        <DataGrid<HostFuncRow>
          label="Host functions"
          count={funcs.length}
          rowAt={(i) => funcs[i]}
          columns={funcColumns}
          selected={selectedFunc ? funcs.indexOf(selectedFunc) : null}
          onSelect={(i) => (area.func.value = funcs[i]?.funcId ?? null)}
          testId="lifetime-funcs"
          minWidth="640px"
          rowData={(r) => ({
            'data-testid': 'host-func-row',
            'data-func': String(r.funcId),
            'data-import': r.importName ?? '',
            'data-phase': r.phase,
            'data-members': String(r.membersDropped),
          })}
          empty="No host functions: every function import gets one when the module is instantiated."
        />
      </div>
      {area.lastCall.value ? <CallResult call={area.lastCall.value} sandbox={sandbox} /> : null}
      {selectedFunc ? (
        <FuncDetail doc={doc} sandbox={sandbox} row={selectedFunc} storeEnd={storeEnd} />
      ) : funcs.length > 0 ? (
        <p class="subtle pane-note">Select a host function to see its history.</p>
      ) : null}
    </div>
  );
}
