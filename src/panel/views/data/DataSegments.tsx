/**
 * Data segments: the list (mode, memory, offset expression, size) above a hex view of the
 * selected segment's bytes, whose addresses can count from the segment, from the memory
 * address it is copied to, or from the module file.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ListRow } from '../../../protocol/decode/index.ts';
import {
  listState,
  type AddressMode,
  type DataState,
  type ModuleDocument,
} from '../../state/index.ts';
import { HexView, formatBytes, hex, useStore, type VirtualRowsHandle } from '../common/index.ts';
import { EntityList } from '../lists/EntityList.tsx';
import { indexColumn, nameColumn, sizeColumn } from '../lists/columns.tsx';
import { modeColumn, offsetColumn, targetColumn } from './data-columns.tsx';
import { listPaneHeight } from '../lists/pane-height.ts';
import { useScrollRequest } from './scroll-request.ts';

/** Renders the data segments and the selected one's bytes. */
export function DataSegments({ doc, state }: { doc: ModuleDocument; state: DataState }) {
  const store = useStore();
  const segments = listState(doc, 'datas', store.decoder);
  const rows = segments.rows.value;
  void rows.version.value;
  const total = rows.total.value;
  const selected = segments.selected.value;
  const handle = useRef<VirtualRowsHandle | null>(null);
  useScrollRequest(state, 'datas', handle, total);
  // Show the first segment's bytes rather than an empty pane.
  useEffect(() => {
    if (selected === null && total && !segments.query.peek()) segments.selected.value = 0;
  }, [selected, total]);
  const row = selected === null ? undefined : rows.get(selected);
  return (
    <div class="data-split">
      <div class="data-split-top" style={{ height: `${listPaneHeight(total, 6)}px` }}>
        <EntityList
          doc={doc}
          kind="datas"
          label="Data segments"
          columns={[
            indexColumn,
            nameColumn,
            modeColumn,
            targetColumn('Memory'),
            offsetColumn,
            { ...sizeColumn, width: '96px' },
          ]}
          minWidth="480px"
          handle={handle}
        />
      </div>
      {row ? (
        <SegmentBytes key={row.entity.index} state={state} row={row} />
      ) : (
        <p class="empty-note">{total === 0 ? '' : 'Select a segment to see its bytes.'}</p>
      )}
    </div>
  );
}

const MODE_LABELS: Record<AddressMode, string> = {
  segment: 'Segment offsets',
  memory: 'Memory addresses',
  file: 'File offsets',
};

/** The selected segment's header and bytes. */
function SegmentBytes({ state, row }: { state: DataState; row: ListRow }) {
  const payloadOffset = row.payloadOffset ?? 0;
  const length = row.size ?? 0;
  const wanted = state.addressMode.value;
  const mode: AddressMode = wanted === 'memory' && row.address === undefined ? 'segment' : wanted;
  const base = mode === 'memory' ? (row.address ?? 0) : mode === 'file' ? payloadOffset : 0;
  const where =
    row.mode === 'active'
      ? `active, memory ${row.target ?? 0} at ${row.init ?? '?'}`
      : `${row.mode ?? 'passive'} (copied by memory.init)`;
  return (
    <div class="segment-bytes" data-testid="segment-bytes" data-segment={String(row.entity.index)}>
      <div class="toolbar">
        <span class="toolbar-title" title={`${row.name}: ${where}`}>
          {row.name}
        </span>
        <span class="subtle segment-facts" title={where}>
          {where} · {formatBytes(length)}
        </span>
        <span class="spacer" />
        <label class="subtle">
          <span class="visually-hidden">Addresses</span>
          <select
            class="text-input"
            aria-label="Addresses"
            value={mode}
            onChange={(event) =>
              (state.addressMode.value = event.currentTarget.value as AddressMode)
            }
            data-testid="address-mode"
          >
            {(['segment', 'memory', 'file'] as const).map((option) => (
              <option
                key={option}
                value={option}
                disabled={option === 'memory' && row.address === undefined}
              >
                {MODE_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {length === 0 ? (
        <p class="empty-note">The segment is empty.</p>
      ) : (
        <HexView
          rowsFor={(bytesPerRow) =>
            state.segmentBytes(row.entity.index, payloadOffset, length, bytesPerRow)
          }
          length={length}
          base={base}
          selected={state.selectedByte.value}
          onSelect={(offset) => (state.selectedByte.value = offset)}
          label={`Bytes of ${row.name}`}
          testId="segment-hex"
          describe={(offset) =>
            [
              row.address === undefined ? null : `address ${hex(row.address + offset)}`,
              `file ${hex(payloadOffset + offset)}`,
            ]
              .filter(Boolean)
              .join(' · ')
          }
        />
      )}
    </div>
  );
}
