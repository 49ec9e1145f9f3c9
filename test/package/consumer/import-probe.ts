/**
 * Imports the modules named on the command line and prints, as JSON, everything observable
 * their evaluation did: calls of the WebAssembly JS API, of timers, the console, fetch and
 * process output; globals added, removed or replaced; built-ins and their prototypes changed.
 * `sideEffects: false` promises bundlers that dropping an unused import changes nothing, and
 * this is what "nothing" means.
 */
interface ProbeReport {
  /** Watched functions called or constructed, by name. */
  calls: string[];
  /** `owner.key` of each own property added, removed or replaced. */
  changed: string[];
}

const calls: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalSetTimeout = globalThis.setTimeout;

function watch(owner: object, names: string[], label: string): void {
  const target = owner as Record<string, unknown>;
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = new Proxy(original, {
      apply(fn, self, args) {
        calls.push(`${label}.${name}`);
        return Reflect.apply(fn, self, args) as unknown;
      },
      construct(fn, args, newTarget) {
        calls.push(`new ${label}.${name}`);
        return Reflect.construct(fn, args, newTarget) as object;
      },
    });
  }
}

watch(
  WebAssembly,
  [
    ...['validate', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming'],
    ...['Module', 'Instance', 'Memory', 'Table', 'Global', 'Tag', 'Exception'],
  ],
  'WebAssembly',
);
watch(
  globalThis,
  ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'structuredClone'],
  'globalThis',
);
watch(console, ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'], 'console');
watch(process, ['nextTick', 'emitWarning', 'on', 'once', 'exit'], 'process');
watch(process.stdout, ['write'], 'process.stdout');
watch(process.stderr, ['write'], 'process.stderr');

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const builtIns: Record<string, object> = {
  globalThis,
  WebAssembly,
  Object,
  'Object.prototype': Object.prototype,
  'Function.prototype': Function.prototype,
  Array,
  'Array.prototype': Array.prototype,
  'String.prototype': String.prototype,
  'Number.prototype': Number.prototype,
  'BigInt.prototype': BigInt.prototype,
  Symbol,
  'Symbol.prototype': Symbol.prototype,
  Promise,
  'Promise.prototype': Promise.prototype,
  'Map.prototype': Map.prototype,
  'Set.prototype': Set.prototype,
  'WeakMap.prototype': WeakMap.prototype,
  Error,
  'Error.prototype': Error.prototype,
  'TypedArray.prototype': typedArrayPrototype,
  'Uint8Array.prototype': Uint8Array.prototype,
  'ArrayBuffer.prototype': ArrayBuffer.prototype,
  'DataView.prototype': DataView.prototype,
  'TextDecoder.prototype': TextDecoder.prototype,
  'TextEncoder.prototype': TextEncoder.prototype,
  JSON,
  Math,
  Reflect,
  console,
  process,
};

/** Every own property of every watched object, by identity of what it holds. */
function snapshot(): Map<string, unknown[]> {
  const properties = new Map<string, unknown[]>();
  for (const [label, owner] of Object.entries(builtIns)) {
    for (const key of Reflect.ownKeys(owner)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(owner, key);
      properties.set(`${label}.${String(key)}`, [
        descriptor?.value,
        descriptor?.get,
        descriptor?.set,
        descriptor?.writable,
        descriptor?.enumerable,
        descriptor?.configurable,
      ]);
    }
  }
  return properties;
}

const before = snapshot();
for (const specifier of process.argv.slice(2)) await import(specifier);
// Let anything the imports queued (a microtask, a zero-delay timer) run before looking.
await new Promise((resolve) => originalSetTimeout(resolve, 20));
const after = snapshot();

const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => {
  const was = before.get(key);
  const is = after.get(key);
  return !was || !is || was.some((value, i) => !Object.is(value, is[i]));
});
const report: ProbeReport = { calls, changed };
originalWrite(`${JSON.stringify(report)}\n`);
