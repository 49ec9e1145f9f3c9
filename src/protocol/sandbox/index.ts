/**
 * The panel ↔ sandbox worker protocol: the methods (`SandboxApi`) with a validator for each
 * method's parameters and result, the events the worker pushes with a validator per topic, and
 * the plain-data values, summaries and outcomes they carry. Carried by `src/protocol/rpc`.
 */
export * from './values.ts';
export * from './summaries.ts';
export * from './methods.ts';
export * from './events.ts';
export { isLeakRecord, isLifetimeEvent, isRegistrySnapshot } from './registry.ts';
