/**
 * `npm run inspect`: the decoder as a command-line inspector. Assembles a small demo module with
 * wabt.js and reports on it, then on every `.wasm` file named after `--`:
 *
 *   npm run inspect
 *   npm run inspect -- path/to/module.wasm other.wasm
 */
import { readFileSync } from 'node:fs';
import initWabt from 'wabt';
import { inspectModule } from './inspect.ts';

/** A module touching every part of the report: imports, exports, table, names, two proposals. */
const DEMO_WAT = `
(module $demo
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "scale" (global $scale i32))
  (memory $heap (export "memory") 1 16)
  (table $callbacks 2 funcref)
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (global $origin i64 (i64.const 1024))
  (elem (i32.const 0) $add $mul)
  (data (i32.const 16) "wasm layer")
  (func $sum_bytes (export "sumBytes") (param $ptr i32) (param $len i32) (result i32)
    (local $total i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $total
          (i32.add (local.get $total) (i32.extend8_s (i32.load8_u (local.get $ptr)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.mul (local.get $total) (global.get $scale)))
  (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
  (func $apply (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $log (local.get $op))
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op)))
  (func $clear (export "clear") (param $len i32)
    (memory.fill (i32.const 16) (i32.const 0) (local.get $len))))
`;

/** Assembles the demo with its name section, so the report can show names. */
async function demoModule(): Promise<Uint8Array> {
  const wabt = await initWabt();
  const module = wabt.parseWat('demo.wat', DEMO_WAT, { bulk_memory: true, sign_extension: true });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({ write_debug_names: true }).buffer);
  } finally {
    module.destroy();
  }
}

const reports = [inspectModule('demo module, assembled from WAT by wabt.js', await demoModule())];
for (const path of process.argv.slice(2).filter((arg) => arg !== '--')) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    reports.push(`${path}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  reports.push(inspectModule(path, bytes));
}
console.log(reports.join('\n\n'));
