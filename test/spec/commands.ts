/**
 * The compiled form of a `.wast` script: plain JSON data (module bytes as base64, numbers as
 * bit patterns in strings) so the same command list can be executed in Node or shipped to a
 * browser page. Produced by `compile-script.ts`, consumed by `interpreter.ts`.
 */

/** A scalar or vector constant argument, exact to the bit. */
export type ArgValue =
  | { type: 'i32'; bits: number }
  | { type: 'i64'; bits: string }
  | { type: 'f32'; bits: number }
  | { type: 'f64'; bits: string }
  | { type: 'v128'; hex: string }
  | { type: 'ref.null'; heap: string }
  | { type: 'ref.extern'; payload: number }
  | { type: 'ref.host'; payload: number };

/** One lane (or a whole scalar) of an expected float result. */
export type FloatPattern =
  { kind: 'bits'; bits: string } | { kind: 'nan:canonical' } | { kind: 'nan:arithmetic' };

/** What an `assert_return` expects one result to be. */
export type ExpectedValue =
  | { type: 'i32'; bits: number }
  | { type: 'i64'; bits: string }
  | { type: 'f32' | 'f64'; pattern: FloatPattern }
  | { type: 'v128'; shape: V128Shape; lanes: (string | FloatPattern)[] }
  | { type: 'ref.null'; heap: string }
  | { type: 'ref.extern'; payload?: number }
  | { type: 'ref.host'; payload?: number }
  | { type: 'ref.func' }
  | { type: 'ref.gc'; kind: string }
  | { type: 'either'; options: ExpectedValue[] };

/** Lane layouts of `v128.const`. */
export type V128Shape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** A module as the executor receives it: assembled bytes, or why there are none. */
export type ModuleSource =
  | { ok: true; base64: string; assembler: 'binary' | 'wabt' | 'binaryen' }
  | { ok: false; reason: string };

/** `(invoke …)` or `(get …)`, optionally naming a module (`$name`). */
export type Action =
  | { type: 'invoke'; module?: string; field: string; args: ArgValue[] }
  | { type: 'get'; module?: string; field: string };

/** One executable step of a script; `line` is 1-based in the `.wast` file. */
export type Command = { line: number } & (
  | { kind: 'module'; name?: string; definitionOnly: boolean; module: ModuleSource }
  | { kind: 'instance'; name?: string; definition: string }
  | { kind: 'register'; as: string; name?: string }
  | { kind: 'action'; action: Action }
  | { kind: 'assert_return'; action: Action; expected: ExpectedValue[] }
  | { kind: 'assert_trap'; action: Action; text: string }
  | { kind: 'assert_exhaustion'; action: Action; text: string }
  | { kind: 'assert_exception'; action: Action }
  | {
      kind:
        | 'assert_invalid'
        | 'assert_malformed'
        | 'assert_unlinkable'
        | 'assert_uninstantiable'
        | 'assert_trap_module';
      module: ModuleSource;
      text: string;
    }
  | { kind: 'unsupported_command'; head: string }
);

/** A compiled script. */
export interface CompiledScript {
  file: string;
  commands: Command[];
}
