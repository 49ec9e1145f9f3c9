/**
 * WASI preview 1 for sandbox instances, through `@bjorn3/browser_wasi_shim`: its in-memory file
 * system holds the session's directory (the files the user drops in, and what programs write),
 * preopened as `/` and `.`; stdout and stderr go to the panel's console; arguments and
 * environment are the user's. The shim's functions are only the bodies: each becomes a host
 * function (`Func.new`) of the import's type, so it is logged and shows in the lifetimes view
 * like any other import. `proc_exit` ends a run with its exit code (see {@link exitCodeOf}).
 */
import {
  ConsoleStdout,
  Directory,
  File,
  OpenFile,
  PreopenDirectory,
  WASI,
  WASIProcExit,
  type Inode,
} from '@bjorn3/browser_wasi_shim';
import { Val, type AsContext, type Memory } from '../../../runtime/index.ts';
import type { WasiConfig, WasiFileSummary } from '../../../protocol/sandbox/index.ts';

/** errno `NOSYS`: what a WASI function the shim lacks answers. */
const ERRNO_NOSYS = 52;

/** The session's WASI directory: one tree shared by every instance's preopens. */
export class WasiFiles {
  /** The root's entries (the shim's `Directory` shares this map). */
  readonly root = new Map<string, Inode>();

  /** Writes `bytes` to `path` (`a/b.txt`), creating directories on the way. */
  put(path: string, bytes: Uint8Array): void {
    const parts = path.split('/');
    let dir = this.root;
    for (const part of parts.slice(0, -1)) {
      let entry = dir.get(part);
      if (!(entry instanceof Directory)) {
        entry = new Directory(new Map());
        dir.set(part, entry);
      }
      dir = (entry as Directory).contents;
    }
    dir.set(parts[parts.length - 1], new File(bytes));
  }

  /** The bytes of file `path`, or undefined. */
  read(path: string): Uint8Array | undefined {
    const entry = this.#lookup(path);
    return entry instanceof File ? entry.data : undefined;
  }

  /** Removes `path` (a file or a whole directory); returns whether it existed. */
  remove(path: string): boolean {
    const parts = path.split('/');
    const parent = parts.length === 1 ? this.root : this.#lookup(parts.slice(0, -1).join('/'));
    const contents =
      parent instanceof Map ? parent : parent instanceof Directory ? parent.contents : null;
    return contents?.delete(parts[parts.length - 1]) ?? false;
  }

  /** Every file, with its path and size, in path order. */
  list(): WasiFileSummary[] {
    const files: WasiFileSummary[] = [];
    const walk = (contents: Map<string, Inode>, prefix: string): void => {
      for (const [name, entry] of contents) {
        if (entry instanceof Directory) walk(entry.contents, `${prefix}${name}/`);
        else if (entry instanceof File)
          files.push({ path: `${prefix}${name}`, size: entry.data.length });
      }
    };
    walk(this.root, '');
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  #lookup(path: string): Inode | Map<string, Inode> | undefined {
    let entry: Inode | Map<string, Inode> | undefined = this.root;
    for (const part of path.split('/')) {
      const contents: Map<string, Inode> | undefined =
        entry instanceof Map ? entry : entry instanceof Directory ? entry.contents : undefined;
      entry = contents?.get(part);
      if (entry === undefined) return undefined;
    }
    return entry;
  }
}

/** Where a WASI process's output goes. */
export type ConsoleSink = (stream: 'stdout' | 'stderr', text: string) => void;

/** The memory the WASI functions read and write, once the instance exists. */
export interface WasiMemory {
  memory: Memory;
  ctx: AsContext;
}

/** One instance's WASI process: the shim's state and the bodies of its functions. */
export class WasiProcess {
  readonly #wasi: WASI;
  #memory: WasiMemory | null = null;

  constructor(config: WasiConfig, files: WasiFiles, sink: ConsoleSink) {
    const stream = (name: 'stdout' | 'stderr'): ConsoleStdout => {
      const decoder = new TextDecoder('utf-8', { fatal: false });
      return new ConsoleStdout((bytes) => sink(name, decoder.decode(bytes, { stream: true })));
    };
    this.#wasi = new WASI(
      config.args,
      config.env,
      [
        new OpenFile(new File(new Uint8Array(0))),
        stream('stdout'),
        stream('stderr'),
        new PreopenDirectory('/', files.root),
        new PreopenDirectory('.', files.root),
      ],
      { debug: false },
    );
    // The shim reads `inst.exports.memory.buffer` on every call; this answers with the memory's
    // bytes in place, through the runtime, for as long as the instance lives.
    const bufferNow = (): ArrayBufferLike => {
      const current = this.#memory;
      if (!current) throw new Error('WASI: the module exports no memory named "memory"');
      return current.memory.data(current.ctx).buffer;
    };
    const memoryFacade = {
      get buffer(): ArrayBufferLike {
        return bufferNow();
      },
    };
    this.#wasi.inst = { exports: { memory: memoryFacade as unknown as WebAssembly.Memory } };
  }

  /** Gives the WASI functions the instance's exported memory. */
  attach(memory: WasiMemory): void {
    this.#memory = memory;
  }

  /** Whether the shim implements `name`. */
  implements(name: string): boolean {
    return typeof this.#wasi.wasiImport[name] === 'function';
  }

  /**
   * The body of WASI function `name` for a host function with `resultCount` results: the
   * shim's function on unsigned arguments (WASI pointers and sizes are unsigned), its errno as
   * the i32 result. A function the shim lacks answers `NOSYS`.
   */
  body(name: string, resultCount: number): (args: readonly Val[]) => Val[] {
    const fn = this.#wasi.wasiImport[name];
    return (args) => {
      if (typeof fn !== 'function') return resultCount > 0 ? [Val.i32(ERRNO_NOSYS)] : [];
      const plain = args.map((arg) =>
        arg.type === 'i32'
          ? arg.value >>> 0
          : arg.type === 'i64'
            ? BigInt.asUintN(64, arg.value)
            : arg.value,
      );
      let errno: unknown;
      try {
        errno = fn(...plain);
      } catch (error) {
        // The shim throws strings for what it does not support ("sockets not supported").
        if (typeof error === 'string') throw new Error(`WASI ${name}: ${error}`, { cause: error });
        throw error;
      }
      // Some of the shim's functions (random_get, sched_yield) return nothing for success.
      return resultCount > 0 ? [Val.i32(typeof errno === 'number' ? errno : 0)] : [];
    };
  }
}

/** The exit code when `error` (or what it wraps) is WASI's `proc_exit`, else undefined. */
export function exitCodeOf(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    if (e instanceof WASIProcExit) return e.code;
    e = e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}
