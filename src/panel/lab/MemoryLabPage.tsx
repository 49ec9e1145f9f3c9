/**
 * The Memory lab page: the Memory view over the lab worker's memories (the demo module's two,
 * and any the user adds), with buttons that call the demo's exports so there is something to
 * watch change: a step, a `memory.grow`, a fill; and a 1 GiB or memory64 memory on demand.
 */
import { useRef } from 'preact/hooks';
import { MemoryListView } from '../views/memory/index.ts';
import type { MemoryLab } from './lab-session.ts';

/** Renders the lab. */
export function MemoryLabPage({ lab }: { lab: MemoryLab }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const functions = lab.functions.value;
  const last = lab.log.value[0];
  const has = (name: string) => functions.includes(name);
  const run = (action: () => Promise<unknown>) => () => void action().catch(() => undefined);
  return (
    <div class="lab" data-testid="memory-lab">
      <div class="toolbar" role="toolbar" aria-label="Memory lab">
        <span class="toolbar-title">Memory lab</span>
        <button
          class="toolbar-button"
          disabled={!has('step')}
          onClick={run(() => lab.call('step'))}
          data-testid="lab-step"
        >
          step()
        </button>
        <button
          class="toolbar-button"
          disabled={!has('grow')}
          onClick={run(() => lab.call('grow', [1]))}
          data-testid="lab-grow"
        >
          grow(1)
        </button>
        <button
          class="toolbar-button"
          disabled={!has('fill')}
          onClick={run(() => lab.call('fill', [0x2000, 0xee, 256]))}
          data-testid="lab-fill"
        >
          fill(0x2000, 0xee, 256)
        </button>
        <div class="toolbar-divider" />
        <button
          class="toolbar-button"
          onClick={run(() => lab.create('1 GiB memory', 16384, { maximum: 16384 }))}
          data-testid="lab-add-1gib"
        >
          Add 1 GiB memory
        </button>
        <button
          class="toolbar-button"
          onClick={run(() => lab.create('memory64', 2, { memory64: true }))}
          data-testid="lab-add-64"
        >
          Add memory64
        </button>
        <button class="toolbar-button" onClick={() => fileInput.current?.click()}>
          Open .wasm…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".wasm"
          hidden
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file)
              void file
                .arrayBuffer()
                .then((buffer) => lab.load(new Uint8Array(buffer), file.name))
                .catch(() => undefined);
            event.currentTarget.value = '';
          }}
        />
        <span class="spacer" />
        {last ? (
          <span class={last.kind === 'error' ? 'error-text' : 'subtle'} data-testid="lab-log">
            {last.text}
          </span>
        ) : null}
      </div>
      <MemoryListView list={lab.list} />
    </div>
  );
}
