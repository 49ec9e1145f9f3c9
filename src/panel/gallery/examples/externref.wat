;; externref: a reference to any host value (a JavaScript object, a DOM
;; node, a file handle), which the module can hold and pass around but
;; never look inside.
(module
  ;; A table of host references: the module's own little object store.
  (table $slots (export "slots") 8 externref)

  ;; Keeps `value` in slot `i`.
  (func (export "keep") (param $i i32) (param $value externref)
    (table.set $slots (local.get $i) (local.get $value)))

  ;; Gives back what slot `i` holds (null when it holds nothing).
  (func (export "take") (param $i i32) (result externref)
    (table.get $slots (local.get $i)))

  ;; Whether slot `i` is empty: `ref.is_null` is the one question a
  ;; module can ask about an externref.
  (func (export "empty") (param $i i32) (result i32)
    (ref.is_null (table.get $slots (local.get $i))))

  ;; Clears slot `i` by storing a null reference.
  (func (export "clear") (param $i i32)
    (table.set $slots (local.get $i) (ref.null extern))))
