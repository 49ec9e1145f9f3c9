/**
 * Reads the WASM Layer panel through its DOM contract (`data-testid` elements and their
 * `data-*` attributes) and calls its `globalThis.wasmLayer` debugging actions.
 */
import type { CdpSession } from './cdp.ts';
import { sleep, waitFor } from './processes.ts';

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

/** Virtual key codes of the keys tests press. */
const KEY_CODES: Record<string, number> = {
  Backspace: 8,
  Delete: 46,
  Enter: 13,
  Escape: 27,
  ArrowLeft: 37,
  ArrowUp: 38,
  ArrowRight: 39,
  ArrowDown: 40,
  Tab: 9,
  Home: 36,
  End: 35,
  PageUp: 33,
  PageDown: 34,
};

/** How often a click or key press whose events never arrived is tried again. */
const INPUT_ATTEMPTS = 4;

/**
 * Arms a one-shot listener for the next `type` event in the panel; `globalThis.__inputSeen`
 * then says whether it came (`'waiting'` until it does) and, for a target, whether it hit it.
 */
const ARM_INPUT = (type: string, target: string | null): string => `(() => {
  globalThis.__inputArm?.abort();
  const arm = new AbortController();
  globalThis.__inputArm = arm;
  globalThis.__inputSeen = 'waiting';
  const target = ${target ?? 'null'};
  addEventListener(${JSON.stringify(type)}, (event) => {
    globalThis.__inputSeen = !target || target === event.target || target.contains(event.target) ? 'hit' : 'missed';
    arm.abort();
  }, { capture: true, signal: arm.signal });
})()`;

/** Drives the panel iframe target of one DevTools window. */
export class PanelDriver {
  /**
   * @param nudge brings the window that shows the panel to the front. Input to a window behind
   *   others is sometimes dropped (it neither paints nor hit-tests), so a click or key press
   *   whose events never reached the panel is tried again after a nudge.
   */
  constructor(
    readonly session: CdpSession,
    private readonly nudge: () => Promise<unknown> = async () => undefined,
  ) {}

  /**
   * Sends input with `send` until the panel saw its first event (`type`, on `target` if
   * given): input a window behind others dropped is sent again after a nudge.
   */
  async #delivered(
    type: string,
    target: string | null,
    send: () => Promise<void>,
    what: string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.session.evaluate(ARM_INPUT(type, target));
      await send();
      const seen = await waitFor(
        async () => {
          const state = await this.session.evaluate<string>('globalThis.__inputSeen');
          return state === 'waiting' ? undefined : state;
        },
        `${what} to arrive`,
        500,
        25,
      ).catch(() => 'lost');
      if (seen === 'hit' || attempt === INPUT_ATTEMPTS) return;
      console.log(
        `        ${what}: ${seen === 'lost' ? 'not delivered' : 'hit something else'}, sent again`,
      );
      await this.nudge();
      await sleep(100 * attempt);
    }
  }

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

  /**
   * Clicks the first element matching `selector` in the panel with real mouse events (the
   * panel's out-of-process iframe gets them in its own coordinates).
   */
  async click(selector: string, timeoutMs = 20_000): Promise<void> {
    const quoted = JSON.stringify(selector);
    const element = `document.querySelector(${quoted})`;
    await this.#delivered(
      'mousedown',
      element,
      async () => {
        const point = await waitFor(
          () =>
            this.session.evaluate<{ x: number; y: number } | null>(`(() => {
              const el = ${element};
              if (!el) return null;
              el.scrollIntoView({ block: 'nearest' });
              const r = el.getBoundingClientRect();
              return r.width > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
            })()`),
          `${selector} in the panel`,
          timeoutMs,
        );
        for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'] as const) {
          await this.session.send('Input.dispatchMouseEvent', {
            type,
            x: point.x,
            y: point.y,
            button: type === 'mouseMoved' ? 'none' : 'left',
            clickCount: type === 'mouseMoved' ? 0 : 1,
          });
        }
      },
      `a click on ${selector}`,
    );
  }

  /**
   * Shows the sidebar if it is hidden: in a narrow dock (under 560 px, as DevTools' docked
   * window often is) choosing something hides it, and the choice is remembered.
   */
  async openSidebar(): Promise<void> {
    const open = await this.session.evaluate<boolean>(
      `!!document.querySelector('[data-testid="sidebar"]')`,
    );
    if (!open) await this.click('[data-testid="sidebar-toggle"]');
    await this.waitUntil(`!!document.querySelector('[data-testid="sidebar"]')`, 'the sidebar');
  }

  /** Presses a key in the panel (`Enter`, `ArrowDown`, …), with optional modifiers (1 Alt, 2 Ctrl, 4 Meta, 8 Shift). */
  async press(key: string, modifiers = 0): Promise<void> {
    const code = key.length === 1 ? `Key${key.toUpperCase()}` : key;
    // Enter carries its text, so it also activates buttons and submits forms (which react to
    // the key press a raw key down does not make).
    const text = key === 'Enter' && modifiers === 0 ? '\r' : undefined;
    await this.#delivered(
      'keydown',
      null,
      async () => {
        for (const type of [text ? 'keyDown' : 'rawKeyDown', 'keyUp'] as const) {
          await this.session.send('Input.dispatchKeyEvent', {
            type,
            key,
            code,
            modifiers,
            windowsVirtualKeyCode: KEY_CODES[key] ?? key.toUpperCase().charCodeAt(0),
            ...(text && type === 'keyDown' ? { text } : {}),
          });
        }
      },
      `the key ${key}`,
    );
  }

  /**
   * Chooses `paths` (files on this machine) in the panel's file input `selector`, as a user
   * picking them in the file dialog; the input's change handler runs as it would.
   */
  async setInputFiles(selector: string, paths: string[]): Promise<void> {
    const { root } = await this.session.send<{ root: { nodeId: number } }>('DOM.getDocument', {
      depth: 0,
    });
    const { nodeId } = await this.session.send<{ nodeId: number }>('DOM.querySelector', {
      nodeId: root.nodeId,
      selector,
    });
    if (!nodeId) throw new Error(`no ${selector} in the panel`);
    await this.session.send('DOM.setFileInputFiles', { nodeId, files: paths });
  }

  /** Types text into the focused element. */
  async type(text: string): Promise<void> {
    await this.session.send('Input.insertText', { text });
  }

  /** Waits until `expression` (evaluated in the panel) is truthy, and returns its value. */
  async waitUntil<T>(expression: string, what: string, timeoutMs = 20_000): Promise<T> {
    return waitFor(() => this.session.evaluate<T>(expression), what, timeoutMs);
  }

  /** Switches the panel's theme (as DevTools' own setting would) for screenshots. */
  async setTheme(theme: 'light' | 'dark'): Promise<void> {
    await this.session.evaluate(
      `globalThis.wasmLayerPanel.ui.theme.value = ${JSON.stringify(theme)}`,
    );
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
