;; Exceptions: `throw` a tag with values, and catch it further up with
;; `try_table`, even across function calls.
(module
  ;; A tag is a kind of exception and the types of the values it carries.
  (tag $not_found (export "not_found") (param i32))

  (memory 1)
  (data (i32.const 0) "\05\00\00\00\07\00\00\00\0b\00\00\00") ;; 5, 7, 11

  ;; Looks for `value` among the three numbers; throws $not_found with the
  ;; value when it is missing.
  (func $index_of (param $value i32) (result i32)
    (local $i i32)
    (loop $next
      (if (i32.eq
            (i32.load (i32.mul (local.get $i) (i32.const 4)))
            (local.get $value))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 3))))
    (throw $not_found (local.get $value)))

  ;; Returns the index, or -1: `try_table` sends a $not_found thrown
  ;; anywhere inside (here, in $index_of) to the block $missing, with the
  ;; tag's i32 on the stack.
  (func (export "find") (param $value i32) (result i32)
    (block $missing (result i32)
      (try_table (result i32) (catch $not_found $missing)
        (call $index_of (local.get $value)))
      (return))
    (drop)
    (i32.const -1))

  ;; An exception nobody catches leaves the module: the host sees it as a
  ;; WebAssembly.Exception carrying the tag and the value.
  (func (export "find_or_throw") (param $value i32) (result i32)
    (call $index_of (local.get $value))))
