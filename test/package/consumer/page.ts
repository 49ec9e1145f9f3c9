/** The page consumer: runs the round trip on `/round-trip.wasm` and leaves the outcome in a global. */
import { roundTrip, type RoundTripReport } from './round-trip.js';

/** How the page's run ended. */
export type PageOutcome = { ok: true; report: RoundTripReport } | { ok: false; error: string };

declare global {
  var libraryOutcome: PageOutcome | undefined;
}

fetch('/round-trip.wasm')
  .then((response) => response.arrayBuffer())
  .then((buffer) => roundTrip(new Uint8Array(buffer)))
  .then(
    (report) => (globalThis.libraryOutcome = { ok: true, report }),
    (error: unknown) =>
      (globalThis.libraryOutcome = {
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
