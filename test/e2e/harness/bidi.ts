/**
 * A minimal WebDriver BiDi client (Firefox's `--remote-debugging-port`), enough to install a
 * temporary add-on, navigate and evaluate.
 */
import WebSocket from 'ws';
import { PendingReplies } from '../../../src/protocol/index.ts';

interface EvaluateReply {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

/** One BiDi session over one WebSocket. */
export class BidiConnection {
  private readonly pending = new PendingReplies();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        type?: string;
        result?: unknown;
        error?: string;
        message?: string;
      };
      if (message.id === undefined) return;
      if (message.type === 'error') {
        this.pending.reject(String(message.id), new Error(`${message.error}: ${message.message}`));
      } else {
        this.pending.resolve(String(message.id), message.result);
      }
    });
    socket.on('close', () => {
      this.pending.rejectAll(new Error('BiDi socket closed'));
    });
  }

  /** Connects to `<banner url>/session`. */
  static async connect(url: string): Promise<BidiConnection> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new BidiConnection(socket);
  }

  /** Sends one command and resolves with its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = 30_000,
  ): Promise<T> {
    const { id, promise } = this.pending.open(
      undefined,
      timeoutMs,
      () => new Error(`BiDi ${method} timed out after ${timeoutMs} ms`),
    );
    // BiDi ids are numbers; the tracker's unprefixed ids are decimal.
    this.socket.send(JSON.stringify({ id: Number(id), method, params }), (error) => {
      if (error) this.pending.reject(id, error);
    });
    return promise as Promise<T>;
  }

  /**
   * Evaluates `expression` in browsing context `context`. The expression's value is passed
   * through `JSON.stringify` in the browser and parsed here, to avoid BiDi's remote-value
   * encoding of objects.
   */
  async evaluateJson<T>(context: string, expression: string, timeoutMs?: number): Promise<T> {
    const reply = await this.send<EvaluateReply>(
      'script.evaluate',
      {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
      },
      timeoutMs,
    );
    if (reply.type === 'exception') {
      throw new Error(`evaluate failed: ${reply.exceptionDetails?.text ?? 'unknown exception'}`);
    }
    const text = reply.result?.value;
    return (typeof text === 'string' ? JSON.parse(text) : undefined) as T;
  }

  /** Closes the socket. */
  close(): void {
    this.socket.close();
  }
}
