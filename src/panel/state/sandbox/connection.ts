/**
 * One running sandbox worker as the state sees it: its typed client (results validated), its
 * events (validated per topic), and the way to end it. A worker that is terminated (Stop, the
 * time limit) or dies on its own fails every call in flight with the reason, never silently.
 */
import {
  sandboxEventValidators,
  sandboxResultValidators,
  type SandboxApi,
  type SandboxEvents,
  type SandboxTopic,
} from '../../../protocol/sandbox/index.ts';
import { RpcClient, RpcError, type MessageEndpoint } from '../../../protocol/rpc/index.ts';

/** A sandbox worker: where to talk to it, and how to end it. */
export interface SandboxWorker {
  readonly endpoint: MessageEndpoint;
  /** Ends the worker at once, whatever it runs. */
  terminate(): void;
  /** Hears that the worker died on its own (an uncaught error, out of memory). */
  onFailure(listener: (message: string) => void): void;
}

/** Typed events of a connection. */
export type SandboxEventListener = <K extends SandboxTopic>(
  topic: K,
  payload: SandboxEvents[K],
) => void;

/** A live connection to one sandbox worker. */
export class SandboxConnection {
  readonly client: RpcClient<SandboxApi>;
  readonly #worker: SandboxWorker;
  #ended = false;
  /** Events whose payload did not validate. */
  droppedEvents = 0;

  constructor(
    worker: SandboxWorker,
    onEvent: SandboxEventListener,
    onDied: (message: string) => void,
  ) {
    this.#worker = worker;
    this.client = new RpcClient<SandboxApi>(worker.endpoint, sandboxResultValidators);
    for (const topic of Object.keys(sandboxEventValidators) as SandboxTopic[]) {
      this.client.on(topic, (payload) => {
        const validate = sandboxEventValidators[topic] as (p: unknown) => boolean;
        if (!validate(payload)) {
          this.droppedEvents++;
          return;
        }
        onEvent(topic, payload as SandboxEvents[typeof topic]);
      });
    }
    worker.onFailure((message) => {
      if (this.#ended) return;
      this.end(`the sandbox worker stopped: ${message}`, 'crashed');
      onDied(message);
    });
  }

  /** Whether the worker was ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Terminates the worker and fails every call in flight (and later) with `reason`. */
  end(reason: string, code = 'stopped'): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#worker.terminate();
    this.client.close(new RpcError({ name: 'SandboxStopped', code, message: reason }));
  }
}
