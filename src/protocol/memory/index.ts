/**
 * Messages about linear memories between the panel and the workers that hold them: searching
 * and snapshot comparison done where the memory is ({@link MemoryInspectMethods}, composed
 * into any such worker's service), and the Memory lab's own worker.
 */
export * from './inspect.ts';
export * from './lab.ts';
