/**
 * A sandbox worker for tests in Node: the real sandbox service on a `worker_threads` thread,
 * so Stop and the time limit really terminate a thread that runs guest code forever.
 */
import { parentPort } from 'node:worker_threads';
import type { MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import { serveSandbox } from '../../../src/panel/workers/sandbox/sandbox-service.ts';

if (!parentPort) throw new Error('sandbox-node-worker runs as a worker thread');
// Node's MessagePort is an EventTarget whose message events carry `data`, as a browser's does.
serveSandbox(parentPort as unknown as MessageEndpoint);
