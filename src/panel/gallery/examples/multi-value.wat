;; Multi-value: functions and blocks that produce more than one result.
(module
  ;; Quotient and remainder in one call: two results, left on the stack
  ;; in order. A host sees them as an array [quotient, remainder].
  (func $divmod (export "divmod")
    (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; Swapping needs no temporary: results can be produced in any order.
  (func (export "swap") (param $a i64) (param $b i64) (result i64 i64)
    (local.get $b)
    (local.get $a))

  ;; A block can take parameters from the stack and return several values
  ;; too. This one turns (a, b) into (a + b, a - b).
  (func (export "sum_diff") (param $a i32) (param $b i32) (result i32 i32)
    (local.get $a)
    (local.get $b)
    (block (param i32 i32) (result i32 i32)
      (call $sum_and_diff)))

  (func $sum_and_diff (param $a i32) (param $b i32) (result i32 i32)
    (i32.add (local.get $a) (local.get $b))
    (i32.sub (local.get $a) (local.get $b))))
