/** What the main area shows before any module is open: how to get one. */
import { useStore } from '../common/index.ts';
import { OpenFileButton } from '../sources/OpenFileButton.tsx';
import { PageModules } from '../sources/PageModules.tsx';

/** The welcome page. */
export function Welcome() {
  const store = useStore();
  const inExtension = store.capture !== null;
  return (
    <div class="welcome" data-testid="welcome">
      <h1>WASM Layer</h1>
      <p>
        Open a WebAssembly module to read it: its sections, imports and exports, the proposals it
        uses and which browsers run it, every function's code, and where its bytes go.
      </p>
      <div class="actions">
        <OpenFileButton />
      </div>
      <ul>
        {inExtension ? (
          <li>Pick a module the inspected page compiled, in the sidebar’s Page section.</li>
        ) : null}
        <li>
          Drop a <code>.wasm</code> or <code>.wat</code> file anywhere on the panel, or press{' '}
          <kbd>Ctrl</kbd>+<kbd>O</kbd>.
        </li>
        <li>
          Write WebAssembly text in the{' '}
          <button
            class="link"
            data-testid="welcome-editor"
            onClick={() => store.documents.show({ kind: 'editor' })}
          >
            editor
          </button>
          , or start from one of the examples in the sidebar’s Gallery.
        </li>
      </ul>
      {inExtension && !store.ui.sidebarOpen.value ? (
        // With the sidebar hidden (a narrow dock), the page's modules are listed here.
        <section class="welcome-modules">
          <h2>Modules of the inspected page</h2>
          <PageModules />
        </section>
      ) : null}
    </div>
  );
}
