/** Brings a revealed row into view once its list has rendered its rows. */
import { useLayoutEffect } from 'preact/hooks';
import type { ListKind } from '../../../protocol/decode/index.ts';
import type { DataState } from '../../state/index.ts';
import type { VirtualRowsHandle } from '../common/index.ts';

/** Scrolls `handle` to the pending request for `list`, once `total` rows are known. */
export function useScrollRequest(
  state: DataState,
  list: ListKind,
  handle: { current: VirtualRowsHandle | null },
  total: number | null,
): void {
  const request = state.scrollTo.value;
  useLayoutEffect(() => {
    if (!request || request.list !== list || total === null || !handle.current) return;
    handle.current.scrollToIndex(request.index, 'center');
    state.scrollTo.value = null;
  }, [request, total]);
}
