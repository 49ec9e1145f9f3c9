;; A table of functions and `call_indirect`: how C function pointers,
;; C++ virtual methods and Rust trait objects work in WebAssembly.
(module
  (type $binary (func (param i32 i32) (result i32)))

  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binary) (i32.mul (local.get 0) (local.get 1)))
  ;; A function of another type, to see the signature check fail.
  (func $negate (param i32) (result i32)
    (i32.sub (i32.const 0) (local.get 0)))

  ;; The table holds references to functions; the element segment puts
  ;; these four at indices 0 to 3 when the module is instantiated.
  (table $ops (export "ops") 5 funcref)
  (elem (table $ops) (i32.const 0) func $add $sub $mul $negate)

  ;; Calls the function at index `op` with (a, b). The engine checks, at
  ;; run time, that the entry exists and has type $binary: index 3 (the
  ;; wrong type) and index 4 (empty) trap.
  (func (export "apply")
    (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect $ops (type $binary)
      (local.get $a) (local.get $b) (local.get $op))))
