;; Linear memory and strings: bytes at addresses, and code that walks them.
;;
;; WebAssembly has no string type. A string is bytes in memory plus a way
;; to know where it ends: here a zero byte, as in C.
(module
  ;; One page is 64 KiB. Exporting the memory lets the host read it.
  (memory (export "memory") 1)

  ;; A data segment copies these bytes to address 16 when the module is
  ;; instantiated. `\00` is the terminating zero byte.
  (data (i32.const 16) "Hello, WebAssembly!\00")

  ;; The address of the greeting, for the host.
  (global $greeting (export "greeting") i32 (i32.const 16))

  ;; Counts bytes up to the first zero, like C's strlen.
  (func $strlen (export "strlen") (param $at i32) (result i32)
    (local $len i32)
    (block $end
      (loop $next
        (br_if $end
          (i32.eqz (i32.load8_u (i32.add (local.get $at) (local.get $len)))))
        (local.set $len (i32.add (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $len))

  ;; Turns ASCII letters a-z into A-Z, in place.
  (func $upper (export "upper") (param $at i32)
    (local $c i32)
    (block $end
      (loop $next
        (local.set $c (i32.load8_u (local.get $at)))
        (br_if $end (i32.eqz (local.get $c)))
        (if (i32.and
              (i32.ge_u (local.get $c) (i32.const 97))   ;; 'a'
              (i32.le_u (local.get $c) (i32.const 122))) ;; 'z'
          (then
            (i32.store8 (local.get $at)
              (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))))
