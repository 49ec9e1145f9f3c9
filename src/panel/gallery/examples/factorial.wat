;; Factorial two ways: by recursion, and by a loop.
;;
;; i64 holds 20! (2,432,902,008,176,640,000); 21! no longer fits and wraps.
(module
  ;; n! = n * (n - 1)!, with 0! = 1. `if` with a result type is an
  ;; expression: each arm leaves one i64 on the stack.
  (func $fac (export "fac") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 1))
      (else
        (i64.mul
          (local.get $n)
          (call $fac (i64.sub (local.get $n) (i64.const 1)))))))

  ;; The same with a loop: `br_if $again` jumps back to the loop's start
  ;; while the condition holds. No call stack grows here.
  (func $fac_loop (export "fac_loop") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $again
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $again)))
    (local.get $acc)))
