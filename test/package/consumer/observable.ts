/**
 * The import probe's control: a module whose evaluation does one observable thing of each kind
 * the probe watches, so a probe that saw nothing could not pass for a clean import.
 */
setTimeout(() => undefined, 0);
WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
console.debug('observable import ran');
Object.assign(globalThis, { observableImportRan: true });
Object.defineProperty(Array.prototype, 'observableImportRan', { value: true });

export {};
