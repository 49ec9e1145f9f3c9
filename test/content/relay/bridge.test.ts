// @vitest-environment happy-dom
/**
 * The relay's side of the byte bridge. happy-dom loads no frame, so a frame that never answers
 * is its natural state; the answering frame is played by the test through the port the relay
 * hands over (happy-dom's window.postMessage does not pass ports on, so the frame's window is
 * stood in for by one that keeps what it is handed).
 */
import nodeConsole from 'node:console';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_IDLE_MS,
  BRIDGE_OPEN_TIMEOUT_MS,
  BytesBridge,
} from '../../../src/content/relay/bridge.ts';
import type { ChunkReport } from '../../../src/protocol/index.ts';
import {
  BRIDGE_HANDSHAKE_TAG,
  BRIDGE_READY,
  MAX_CHUNK_BYTES,
} from '../../../src/protocol/index.ts';
import { chunkReport } from '../../protocol/fixtures.ts';

const PAGE_URL =
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/content/bridge/bridge.html';

/** Chunk `index` of a four-chunk module, its payload bytes with a buffer of their own. */
const chunk = (index: number): ChunkReport =>
  chunkReport({
    index,
    total: 4,
    size: 4 * MAX_CHUNK_BYTES,
    data: new Uint8Array([index, index, index]),
  });

/** Every shadow root attached during a test: the bridge's is closed, so only this reaches it. */
let shadows: ShadowRoot[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  shadows = [];
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = attach.call(this, init);
    shadows.push(root);
    return root;
  });
  // happy-dom reports every frame it does not load on the console it was made with.
  vi.spyOn(nodeConsole, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  for (const root of shadows) root.host.remove();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The bridge frames in the page now. */
const framesInPage = (): HTMLIFrameElement[] =>
  shadows
    .filter((root) => root.host.isConnected)
    .flatMap((root) => [...root.querySelectorAll('iframe')]);

/** A bridge whose fallback records what it is given. */
function bridgeWith(pageUrl: string | null) {
  const fallback: ChunkReport[] = [];
  const bridge = new BytesBridge(pageUrl, (sent) => fallback.push(sent));
  return { bridge, fallback };
}

describe('BytesBridge without a bridge page', () => {
  it('sends every chunk the slow way at once, and frames nothing', () => {
    const { bridge, fallback } = bridgeWith(null);
    bridge.prepare();
    const chunks = [chunk(0), chunk(1)];
    for (const sent of chunks) bridge.send(sent);
    expect(fallback).toEqual(chunks);
    expect(shadows).toEqual([]);
  });
});

describe('BytesBridge whose frame never answers', () => {
  it('holds the chunks sent while it opens, then sends them the slow way in order', () => {
    const { bridge, fallback } = bridgeWith(PAGE_URL);
    bridge.prepare();
    const chunks = [chunk(0), chunk(1), chunk(2)];
    for (const sent of chunks) bridge.send(sent);
    vi.advanceTimersByTime(BRIDGE_OPEN_TIMEOUT_MS - 1);
    expect(fallback).toEqual([]);
    expect(framesInPage()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fallback).toEqual(chunks);
    // The page no longer carries the frame.
    expect(framesInPage()).toEqual([]);
    // A later chunk goes the slow way at once.
    const later = chunk(3);
    bridge.send(later);
    expect(fallback).toEqual([...chunks, later]);
  });

  // Every later transfer would otherwise wait out the open timeout again for a frame that failed.
  it('stays given up after a quiet spell: a later transfer does not frame it again', () => {
    const { bridge, fallback } = bridgeWith(PAGE_URL);
    bridge.prepare();
    bridge.send(chunk(0));
    vi.advanceTimersByTime(BRIDGE_OPEN_TIMEOUT_MS + BRIDGE_IDLE_MS);
    bridge.prepare();
    expect(framesInPage()).toEqual([]);
    bridge.send(chunk(1));
    expect(fallback.map((sent) => sent.index)).toEqual([0, 1]);
  });

  it('frames the bridge once however often a transfer is prepared, hidden and out of reach', () => {
    const { bridge } = bridgeWith(PAGE_URL);
    bridge.prepare();
    bridge.prepare();
    const frames = framesInPage();
    expect(frames).toHaveLength(1);
    const host = shadows[0].host as HTMLElement;
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.style.display).toBe('none');
    // Closed: the page cannot read the nonce from the frame's URL.
    expect(host.shadowRoot).toBeNull();
    const url = new URL(frames[0].src);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${new URL(PAGE_URL).origin}${new URL(PAGE_URL).pathname}`,
    );
    expect(url.hash.length).toBeGreaterThan(16);
  });

  it('uses a new nonce for every bridge it frames', () => {
    const first = bridgeWith(PAGE_URL).bridge;
    const second = bridgeWith(PAGE_URL).bridge;
    first.prepare();
    second.prepare();
    const [a, b] = framesInPage().map((frame) => new URL(frame.src).hash);
    expect(a).not.toBe(b);
  });
});

/** The frame's side, played by the test: what the relay hands the frame's window. */
function answeringFrame(frame: HTMLIFrameElement) {
  const handed: { message: unknown; targetOrigin: string; transfer: Transferable[] }[] = [];
  Object.defineProperty(frame, 'contentWindow', {
    configurable: true,
    value: {
      postMessage(message: unknown, targetOrigin: string, transfer: Transferable[] = []) {
        handed.push({ message, targetOrigin, transfer });
      },
    },
  });
  const received: unknown[] = [];
  let wake: (() => void) | null = null;
  /** The port the relay handed over, listened to. */
  const port = (): MessagePort => {
    // Node's port: the environment's global MessagePort is happy-dom's, so no instanceof.
    const given = handed[0]?.transfer[0] as MessagePort | undefined;
    if (typeof given?.postMessage !== 'function') throw new Error('no port was handed over');
    given.onmessage = (event: MessageEvent) => {
      received.push(event.data);
      wake?.();
    };
    return given;
  };
  /** Resolves once `count` messages came through the port (a real port: not a timer). */
  const receivedCount = async (count: number): Promise<unknown[]> => {
    while (received.length < count) await new Promise<void>((resolve) => (wake = resolve));
    return received;
  };
  return { handed, port, received, receivedCount };
}

/** One round trip through a port of its own (not a timer, so fake timers do not hold it). */
function echo(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port2.onmessage = () => {
      channel.port2.close();
      resolve();
    };
    channel.port1.postMessage(null);
  });
}

/** A bridge whose frame loaded and answered ready, with one chunk sent through it. */
async function openBridge() {
  const { bridge, fallback } = bridgeWith(PAGE_URL);
  bridge.prepare();
  const [frame] = framesInPage();
  const side = answeringFrame(frame);
  frame.dispatchEvent(new Event('load'));
  side.port().postMessage(BRIDGE_READY);
  bridge.send(chunk(0));
  await side.receivedCount(1);
  return { bridge, fallback, frame, side };
}

describe('BytesBridge whose frame answers', () => {
  it('hands the frame a port with the nonce of its URL, and sends the waiting chunks through it', async () => {
    const { bridge, fallback } = bridgeWith(PAGE_URL);
    bridge.prepare();
    const [frame] = framesInPage();
    const side = answeringFrame(frame);
    const early = chunk(0);
    bridge.send(early);
    frame.dispatchEvent(new Event('load'));
    expect(side.handed).toHaveLength(1);
    expect(side.handed[0].message).toEqual({
      [BRIDGE_HANDSHAKE_TAG]: new URL(frame.src).hash.slice(1),
    });
    // Only the bridge page's origin may take the port.
    expect(side.handed[0].targetOrigin).toBe(new URL(PAGE_URL).origin);
    const port = side.port();
    // Until the frame says it is ready, chunks keep waiting.
    const second = chunk(1);
    bridge.send(second);
    port.postMessage(BRIDGE_READY);
    const got = (await side.receivedCount(2)) as ChunkReport[];
    expect(got.map((sent) => [sent.index, [...(sent.data as Uint8Array)]])).toEqual([
      [0, [0, 0, 0]],
      [1, [1, 1, 1]],
    ]);
    // The bytes were moved into the port, not copied.
    expect((early.data as Uint8Array).byteLength).toBe(0);
    bridge.send(chunk(2));
    expect(((await side.receivedCount(3))[2] as ChunkReport).index).toBe(2);
    vi.advanceTimersByTime(BRIDGE_OPEN_TIMEOUT_MS);
    expect(fallback).toEqual([]);
    expect(framesInPage()).toHaveLength(1);
    port.close();
  });

  it('removes the frame after a quiet spell, and frames a new one for the next transfer', async () => {
    const { bridge, fallback, frame } = await openBridge();
    vi.advanceTimersByTime(BRIDGE_IDLE_MS - 1);
    expect(framesInPage()).toEqual([frame]);
    vi.advanceTimersByTime(1);
    expect(framesInPage()).toEqual([]);
    // Without a frame a chunk goes the slow way; the next transfer frames the bridge anew.
    bridge.send(chunk(1));
    expect(fallback.map((sent) => sent.index)).toEqual([1]);
    bridge.prepare();
    expect(framesInPage()).toHaveLength(1);
    expect(framesInPage()[0]).not.toBe(frame);
  });

  it('notices that the page removed its frame: chunks go the slow way, the next transfer frames anew', async () => {
    const { bridge, fallback } = await openBridge();
    for (const root of shadows) root.host.remove(); // the page rewrote its document
    bridge.send(chunk(1));
    expect(fallback.map((sent) => sent.index)).toEqual([1]);
    bridge.prepare();
    expect(framesInPage()).toHaveLength(1);
  });

  it('gives up on a frame that answers anything but ready', async () => {
    const { bridge, fallback } = bridgeWith(PAGE_URL);
    bridge.prepare();
    const [frame] = framesInPage();
    const side = answeringFrame(frame);
    frame.dispatchEvent(new Event('load'));
    const port = side.port();
    port.postMessage('hello');
    port.postMessage({ ready: true });
    bridge.send(chunk(0));
    // The answers have crossed the port by the time a few echoes sent after them come back.
    for (let round = 0; round < 3; round++) await echo();
    expect(side.received).toEqual([]);
    vi.advanceTimersByTime(BRIDGE_OPEN_TIMEOUT_MS);
    expect(fallback.map((sent) => sent.index)).toEqual([0]);
    expect(framesInPage()).toEqual([]);
    port.close();
  });
});
