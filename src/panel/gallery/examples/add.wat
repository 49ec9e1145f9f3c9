;; The smallest useful module: one function that adds two numbers.
;;
;; WebAssembly is a stack machine. `local.get` pushes a value, `i32.add`
;; pops two and pushes their sum, and whatever is left on the stack when
;; the function ends is its result.
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)

  ;; The same function in the folded form: operands nest inside the
  ;; instruction that uses them. Both forms assemble to the same bytes.
  (func $add_folded (export "add_folded")
    (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))
