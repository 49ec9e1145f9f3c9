/**
 * `bench:panel` measure of the Run tab: a user clicks Call on an export and waits for its
 * results on screen (the click, the call through the sandbox worker, the results painted).
 * Printed beside, in the same run: the same call as one RPC to the sandbox worker (no view),
 * and the raw WebAssembly call in the page, for scale.
 */
import { fixtureBytes } from '../../test/panel/support/sandbox-fixtures.ts';
import type { PanelMeasure } from './context.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** Call an export from the Run tab → results on screen (goal ≤ 50 ms). */
export const runTabCall: PanelMeasure = {
  name: 'run-tab-call',
  async run({ openPanel, options }) {
    const page = await openPanel();
    const calls = Number(options.get('calls') ?? 50);
    const bytes = [...new Uint8Array(await fixtureBytes('imports'))];
    const result = await page.evaluate(
      async ({ moduleBytes, count }) => {
        const store = globalThis.wasmLayerPanel!;
        const waitFor = (done: () => boolean, what: string, limit = 20_000): Promise<void> =>
          new Promise((resolve, reject) => {
            const started = performance.now();
            const check = (): void => {
              if (done()) resolve();
              else if (performance.now() - started > limit)
                reject(
                  new Error(
                    `timed out: ${what} (sandbox ${store.sandbox.status.value}, ${store.sandbox.history.value.length} calls, ${JSON.stringify(store.sandbox.history.value.at(-1)?.error ?? null)})`,
                  ),
                );
              else requestAnimationFrame(check);
            };
            check();
          });
        const nextFrame = (): Promise<void> =>
          new Promise((resolve) => requestAnimationFrame(() => resolve()));
        // Opening moves the buffer to the decode worker: the raw call gets its own copy.
        const buffer = Uint8Array.from(moduleBytes).buffer;
        const rawBytes = Uint8Array.from(moduleBytes);
        const doc = store.documents.open(buffer, 'imports.wasm', {
          kind: 'file',
          fileName: 'imports.wasm',
        });
        await waitFor(() => doc.phase.value === 'open', 'the module to open');
        doc.tab.value = 'run';
        await waitFor(() => !!document.querySelector('[data-testid="instantiate"]'), 'the Run tab');
        await waitFor(
          () => store.sandbox.modules.value.length > 0 && store.sandbox.status.value === 'ready',
          'the sandbox',
        );
        document.querySelector<HTMLButtonElement>('[data-testid="instantiate"]')!.click();
        const form = (): HTMLElement =>
          document.querySelector<HTMLElement>('[data-testid="call-form"][data-export="add"]')!;
        await waitFor(
          () => !!form()?.querySelector('[data-testid="call"]:not([disabled])'),
          'an instance to call',
        );
        const outcomeCount = (): number => store.sandbox.history.value.length;
        const onScreen: number[] = [];
        for (let i = 0; i < count; i++) {
          const before = outcomeCount();
          const start = performance.now();
          form().querySelector<HTMLButtonElement>('[data-testid="call"]')!.click();
          await waitFor(() => {
            const shown = form().querySelector<HTMLElement>(
              '[data-testid="outcome"][data-kind="returned"]',
            );
            return outcomeCount() > before && !!shown && store.sandbox.status.value === 'ready';
          }, 'the result on screen');
          // The frame that shows it.
          await nextFrame();
          onScreen.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // The same call as one RPC to the worker, without the view.
        const client = store.sandbox.client()!;
        const instance = store.sandbox.instances.value[0].summary;
        const func = instance.exports.find((e) => e.name === 'add')!.handle;
        const rpc: number[] = [];
        for (let i = 0; i < count; i++) {
          const start = performance.now();
          await client.call('call', {
            func,
            args: [
              { type: 'i32', value: 40 },
              { type: 'i32', value: 2 },
            ],
          });
          rpc.push(performance.now() - start);
        }
        // The raw call in this page.
        const { instance: raw } = await WebAssembly.instantiate(rawBytes, {
          env: {
            log: () => 0,
            tick: () => undefined,
            memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }),
            counter: new WebAssembly.Global({ value: 'i32', mutable: true }, 0),
            table: new WebAssembly.Table({ element: 'anyfunc', initial: 2 }),
          },
        });
        const add = raw.exports.add as (a: number, b: number) => number;
        const rawStart = performance.now();
        for (let i = 0; i < 100_000; i++) add(i, 2);
        const rawMs = (performance.now() - rawStart) / 100_000;
        return { onScreen, rpc, rawMs };
      },
      { moduleBytes: bytes, count: calls },
    );
    const screen = median(result.onScreen);
    const rpc = median(result.rpc);
    console.log(
      `  call an export from the Run tab → results on screen (${calls} calls): median ${ms(screen)}, ` +
        `max ${ms(Math.max(...result.onScreen))} [goal ≤ 50 ms]`,
    );
    console.log(
      `    the same call as one RPC to the sandbox worker: median ${ms(rpc)} (view and paint: ×${(screen / rpc).toFixed(1)}); ` +
        `raw WebAssembly call in the page: ${(result.rawMs * 1e6).toFixed(0)} ns`,
    );
    await page.close();
  },
};
