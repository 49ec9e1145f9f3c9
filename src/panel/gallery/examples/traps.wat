;; Traps: what happens when WebAssembly code does something undefined.
;; The engine stops the call at once and the host gets an error (in
;; JavaScript a WebAssembly.RuntimeError); the instance stays usable.
(module
  (memory (export "memory") 1)
  (table 2 funcref)
  (type $nullary (func (result i32)))

  ;; `unreachable` traps unconditionally: compilers put it where control
  ;; must never arrive (after a failed assertion, at a panic).
  (func (export "unreachable") (unreachable))

  ;; Integer division by zero traps; so does INT_MIN / -1, which overflows.
  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; A load past the end of memory traps: one page ends at 65536.
  (func (export "load") (param $at i32) (result i32)
    (i32.load (local.get $at)))

  ;; Converting a float that does not fit in an i32 (or NaN) traps...
  (func (export "truncate") (param $x f64) (result i32)
    (i32.trunc_f64_s (local.get $x)))

  ;; ...unless the saturating form is used, which clamps instead.
  (func (export "truncate_sat") (param $x f64) (result i32)
    (i32.trunc_sat_f64_s (local.get $x)))

  ;; Calling an empty table slot traps.
  (func (export "call_empty") (result i32)
    (call_indirect (type $nullary) (i32.const 0)))

  ;; Unbounded recursion exhausts the call stack, which traps too.
  (func $forever (export "recurse") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $forever (local.get $n)))))
