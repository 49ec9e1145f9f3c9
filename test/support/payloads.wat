;; A module with every kind of payload a skeleton leaves out or keeps: function bodies with
;; local declarations of several types, active and passive data
;; segments with constant expressions of each form the squeezer follows, and custom sections
;; the panel's decoder reads (kept) or does not (left out when large; a large .debug_info is
;; appended by the test).
(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "base" (global $base i32))
  (memory (export "memory") 2)
  (global $g (mut i64) (i64.const 7))
  (table 4 funcref)
  (elem (i32.const 0) $add $mul)
  (data (i32.const 16) "a data segment long enough to be left out of the skeleton")
  (data (global.get $base) "a segment placed by an imported global, also long enough")
  (data (i32.add (global.get $base) (i32.const 64)) "placed by an extended constant expression")
  (data $passive "a passive segment, copied in by memory.init when the code asks for it")
  (func $add (export "add") (type $bin)
    (local i64 f64 v128 funcref externref)
    local.get 0
    local.get 1
    i32.add
    i32.const 3
    i32.mul
    i32.const 11
    i32.xor)
  (func $mul (export "mul") (type $bin)
    local.get 0
    local.get 1
    i32.mul)
  (func $init (export "init") (param i32)
    (local i32 i32 i32)
    local.get 0
    i32.const 0
    i32.const 40
    memory.init $passive
    global.get $g
    i64.const 1
    i64.add
    global.set $g)
  (func $tiny (export "tiny")))
