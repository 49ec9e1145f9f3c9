;; Globals: values that live as long as the instance, shared by all its
;; functions. Immutable ones are constants; mutable ones are state.
(module
  ;; A constant, exported: the host reads it, nobody can change it.
  (global $version (export "version") i32 (i32.const 3))

  ;; Mutable state, exported too: the host can read and write it, and sees
  ;; what the module's functions did to it.
  (global $counter (export "counter") (mut i32) (i32.const 0))

  ;; A private mutable global: only this module's code reaches it.
  (global $calls (mut i64) (i64.const 0))

  (func $bump (export "bump") (result i32)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))

  (func (export "reset")
    (global.set $counter (i32.const 0)))

  (func (export "calls") (result i64)
    (global.get $calls)))
