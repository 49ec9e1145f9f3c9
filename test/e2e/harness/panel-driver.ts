/**
 * Reads the WASM Layer panel through its DOM contract (`data-testid` elements and their
 * `data-*` attributes) and calls its `globalThis.wasmLayer` debugging actions.
 */
import type { CdpSession } from './cdp.ts';
import { waitFor } from './processes.ts';

/** One `[data-testid="module-row"]`, its attributes as the panel wrote them. */
export interface ModuleRow {
  hash: string;
  size: number;
  entry: string;
  frameUrl: string;
  sourceUrl: string;
  instances: number;
  worker: boolean;
  stale: boolean;
  complete: boolean;
}

/** `[data-testid="status"]`, its attributes as the panel wrote them. */
export interface PanelStatus {
  hookInstalled: boolean;
  workersCovered: number;
  workersUncovered: number;
  dropped: number;
}

const READ_ROWS = `[...document.querySelectorAll('[data-testid="module-list"] [data-testid="module-row"]')]
  .map((row) => ({ ...row.dataset }))`;

const READ_STATUS = `(() => {
  const status = document.querySelector('[data-testid="status"]');
  return status ? { ...status.dataset } : null;
})()`;

function toRow(data: Record<string, string>): ModuleRow {
  return {
    hash: data.hash ?? '',
    size: Number(data.size),
    entry: data.entry ?? '',
    frameUrl: data.frameUrl ?? '',
    sourceUrl: data.sourceUrl ?? '',
    instances: Number(data.instances),
    worker: data.worker === 'true',
    stale: data.stale === 'true',
    complete: data.complete === 'true',
  };
}

function toStatus(data: Record<string, string>): PanelStatus {
  return {
    hookInstalled: data.hookInstalled === 'true',
    workersCovered: Number(data.workersCovered),
    workersUncovered: Number(data.workersUncovered),
    dropped: Number(data.dropped),
  };
}

/** Drives the panel iframe target of one DevTools window. */
export class PanelDriver {
  constructor(readonly session: CdpSession) {}

  /** Waits until the panel rendered its module list and status. */
  async waitUntilRendered(timeoutMs = 20_000): Promise<void> {
    await waitFor(
      () =>
        this.session.evaluate<boolean>(
          `!!document.querySelector('[data-testid="module-list"]') && !!document.querySelector('[data-testid="status"]')`,
        ),
      'the panel to render [data-testid="module-list"] and [data-testid="status"]',
      timeoutMs,
    );
  }

  /** Evaluates in the panel window (where `globalThis.wasmLayer` lives). */
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T> {
    return this.session.evaluate<T>(expression, timeoutMs);
  }

  /** Every module row currently in the list. */
  async rows(): Promise<ModuleRow[]> {
    return (await this.session.evaluate<Record<string, string>[]>(READ_ROWS)).map(toRow);
  }

  /** The status element's numbers. */
  async status(): Promise<PanelStatus> {
    const data = await this.session.evaluate<Record<string, string> | null>(READ_STATUS);
    if (!data) throw new Error('the panel has no [data-testid="status"]');
    return toStatus(data);
  }

  /**
   * Waits for the row of the module with SHA-256 `hash` to satisfy `accept` (by default: the
   * bytes arrived and were verified, `data-complete="true"`), and returns it. The timeout
   * message includes every row seen last, so a wrong attribute is visible in the failure.
   */
  async waitForModule(
    hash: string,
    accept: (row: ModuleRow) => boolean = (row) => row.complete,
    timeoutMs = 20_000,
  ): Promise<ModuleRow> {
    let seen: ModuleRow[] = [];
    try {
      return await waitFor(
        async () => {
          seen = await this.rows();
          return seen.find((row) => row.hash === hash && accept(row));
        },
        `module ${hash.slice(0, 12)}… in the panel`,
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; rows seen: ${JSON.stringify(seen)}`, {
        cause: error,
      });
    }
  }

  /** Waits until the status satisfies `accept` and returns it. */
  async waitForStatus(
    accept: (status: PanelStatus) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<PanelStatus> {
    let seen: PanelStatus | undefined;
    try {
      return await waitFor(
        async () => {
          seen = await this.status();
          return accept(seen) && seen;
        },
        what,
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; status seen: ${JSON.stringify(seen)}`, {
        cause: error,
      });
    }
  }
}
