;; Tail calls: `return_call` replaces the current call instead of adding
;; to the stack, so recursion that ends in a call runs in constant stack.
(module
  ;; Is n even? Two functions calling each other. With `call`, a large n
  ;; would overflow the stack; with `return_call` each step reuses the
  ;; frame, like a loop.
  (func $even (export "even") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get $n) (i32.const 1))))))

  (func $odd (export "odd") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get $n) (i32.const 1))))))

  ;; The same with plain calls, to compare: deep enough, this one traps
  ;; with "call stack exhausted".
  (func $even_plain (export "even_plain") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else
        (i32.eqz (call $even_plain (i32.sub (local.get $n) (i32.const 1))))))))
