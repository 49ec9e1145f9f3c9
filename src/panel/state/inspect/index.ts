/** Live state of running instances: sources the inspection views read. */
export type { MemorySource } from './memory-source.ts';
