/**
 * The panel's root: provides the store, follows the theme, lays out sidebar and main area,
 * and accepts files dropped anywhere on the panel.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelStore } from '../../state/index.ts';
import { StoreContext } from '../common/index.ts';
import { MainArea } from './MainArea.tsx';
import { Sidebar } from './Sidebar.tsx';

function DropTarget({ store }: { store: PanelStore }) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth++;
      setOver(true);
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth = 0;
      setOver(false);
      // A view that takes files itself (the WASI directory of the Run tab) already did.
      if (event.defaultPrevented) return;
      event.preventDefault();
      const files = event.dataTransfer?.files;
      if (files && files.length > 0) void store.openFiles([...files]);
    };
    addEventListener('dragenter', enter);
    addEventListener('dragleave', leave);
    addEventListener('dragover', overHandler);
    addEventListener('drop', drop);
    return () => {
      removeEventListener('dragenter', enter);
      removeEventListener('dragleave', leave);
      removeEventListener('dragover', overHandler);
      removeEventListener('drop', drop);
    };
  }, [store]);
  return over ? <div class="drop-overlay">Drop a .wasm or .wat file to open it</div> : null;
}

/** Below this width the sidebar floats over the main area (see panel.css). */
const NARROW_QUERY = '(max-width: 560px)';

/** Renders the whole panel for `store`. */
export function App({ store }: { store: PanelStore }) {
  const theme = store.ui.theme.value;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const sidebarOpen = store.ui.sidebarOpen.value;
  const surface = store.documents.surface.value;
  // In a narrow dock the sidebar floats over the main area: choosing something hides it.
  const firstSurface = useRef(true);
  useEffect(() => {
    if (firstSurface.current) {
      firstSurface.current = false;
      return;
    }
    if (matchMedia(NARROW_QUERY).matches) store.ui.sidebarOpen.value = false;
  }, [surface, store]);
  return (
    <StoreContext.Provider value={store}>
      <div
        class={`shell${sidebarOpen ? ' sidebar-open' : ''}`}
        data-testid="panel"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && sidebarOpen && matchMedia(NARROW_QUERY).matches) {
            store.ui.sidebarOpen.value = false;
          }
        }}
      >
        {sidebarOpen ? <Sidebar /> : null}
        <MainArea />
      </div>
      <DropTarget store={store} />
    </StoreContext.Provider>
  );
}
