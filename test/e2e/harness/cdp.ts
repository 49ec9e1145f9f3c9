/**
 * A minimal Chrome DevTools Protocol client over one browser-level WebSocket in flat mode
 * (sessions multiplexed by `sessionId`). Playwright ignores DevTools targets, and the panel
 * lives in one, so the harness speaks raw CDP for everything.
 */
import WebSocket from 'ws';
import { PendingReplies } from '../../../src/protocol/index.ts';

/** A CDP error reply or a timeout, naming the method. */
export class CdpError extends Error {}

type EventHandler = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/** One browser-level CDP connection. */
export class CdpConnection {
  private readonly pending = new PendingReplies();
  private readonly handlers = new Map<string, Set<EventHandler>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.dispatch(String(data)));
    socket.on('close', () => {
      this.pending.rejectAll(new CdpError('CDP socket closed'));
    });
  }

  /** Connects to a `ws://…/devtools/browser/…` endpoint. */
  static async connect(url: string): Promise<CdpConnection> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new CdpConnection(socket);
  }

  private dispatch(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
      result?: unknown;
      error?: { message: string };
    };
    if (message.id !== undefined) {
      if (message.error)
        this.pending.reject(String(message.id), new CdpError(message.error.message));
      else this.pending.resolve(String(message.id), message.result);
      return;
    }
    if (message.method) {
      for (const handler of this.handlers.get(message.method) ?? []) {
        handler(message.params ?? {}, message.sessionId);
      }
    }
  }

  /** Sends one command (to the browser, or to `sessionId`) and resolves with its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
    timeoutMs = 30_000,
  ): Promise<T> {
    const { id, promise } = this.pending.open(
      undefined,
      timeoutMs,
      () => new CdpError(`CDP ${method} timed out after ${timeoutMs} ms`),
    );
    // CDP ids are numbers; the tracker's unprefixed ids are decimal.
    this.socket.send(JSON.stringify({ id: Number(id), method, params, sessionId }), (error) => {
      if (error) this.pending.reject(id, error);
    });
    return promise as Promise<T>;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on(method: string, handler: EventHandler): () => void {
    let set = this.handlers.get(method);
    if (!set) this.handlers.set(method, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Closes the socket (the browser keeps running). */
  close(): void {
    this.socket.close();
  }
}

/** What `Target.getTargets` reports for one target. */
export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
  attached: boolean;
  openerId?: string;
  browserContextId?: string;
}

interface EvaluateReply {
  result: { value?: unknown; type: string; description?: string };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/** One attached target (page, iframe, worker) and `Runtime.evaluate` in it. */
export class CdpSession {
  constructor(
    readonly cdp: CdpConnection,
    readonly sessionId: string,
    readonly targetId: string,
  ) {}

  /** Sends a command to this target. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs?: number,
  ): Promise<T> {
    return this.cdp.send<T>(method, params, this.sessionId, timeoutMs);
  }

  /**
   * Evaluates `expression` (awaiting a returned promise) and returns its JSON value. A thrown
   * exception becomes an Error with the page's description of it.
   */
  async evaluate<T>(expression: string, timeoutMs?: number): Promise<T> {
    const reply = await this.send<EvaluateReply>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      timeoutMs,
    );
    if (reply.exceptionDetails) {
      const { text, exception } = reply.exceptionDetails;
      throw new Error(`evaluate failed: ${exception?.description ?? text}`);
    }
    return reply.result.value as T;
  }
}

/** Lists the browser's targets. */
export async function listTargets(cdp: CdpConnection): Promise<TargetInfo[]> {
  return (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;
}

/** Attaches to a target in flat mode. */
export async function attach(cdp: CdpConnection, target: TargetInfo): Promise<CdpSession> {
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: true,
  });
  return new CdpSession(cdp, sessionId, target.targetId);
}
