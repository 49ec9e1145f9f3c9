/**
 * The assemble worker's service as plain functions: testable in Node without a worker.
 * `assemble-worker.ts` only connects it to the worker's mailbox.
 */
import type { AssembleApi, AssembleResult } from '../../../protocol/assemble/index.ts';
import { withTransfer, type ServiceHandlers } from '../../../protocol/rpc/index.ts';
import { assembleWat, loadWabt, resetWabt, type Wabt } from './wabt-assembler.ts';
import { parseWabtErrors } from './wat-diagnostics.ts';

/** What the service needs: a way to get wabt.js (the real loader, or a test's). */
export interface AssembleServiceOptions {
  load?: () => Promise<Wabt>;
  /** Called when wabt itself failed (not the text), so the next call loads a fresh instance. */
  reset?: () => void;
}

/** wabt's own reports start like this; anything else is wabt failing, not the text. */
const WABT_REPORT = /^(parseWat|validate) failed:/;

/** Handlers of every {@link AssembleApi} method. */
export function createAssembleHandlers(
  options: AssembleServiceOptions = {},
): ServiceHandlers<AssembleApi> {
  const load = options.load ?? loadWabt;
  const reset = options.reset ?? resetWabt;
  return {
    async assemble({ text, fileName }) {
      const wabt = await load();
      const started = performance.now();
      let result: AssembleResult;
      try {
        const bytes = assembleWat(wabt, text, fileName);
        // wabt's output is a view of a fresh buffer: move exactly its bytes.
        const buffer =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? (bytes.buffer as ArrayBuffer)
            : bytes.slice().buffer;
        result = { ok: true, bytes: buffer, elapsedMs: performance.now() - started };
        return withTransfer(result, [buffer]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!WABT_REPORT.test(message)) reset();
        const diagnostics = parseWabtErrors(
          WABT_REPORT.test(message) ? message : `the assembler failed: ${message}`,
          text,
        );
        result = { ok: false, diagnostics, elapsedMs: performance.now() - started };
        return result;
      }
    },
  };
}
