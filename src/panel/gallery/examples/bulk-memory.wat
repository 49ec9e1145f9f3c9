;; Bulk memory: fill, copy and initialise whole ranges in one instruction,
;; instead of a loop of byte stores.
(module
  (memory (export "memory") 1)

  ;; A passive segment is not copied at instantiation: `memory.init` copies
  ;; it on demand, and `data.drop` releases it when it is no longer needed.
  (data $banner "== WASM ==")

  ;; Sets `len` bytes at `at` to `value`.
  (func (export "fill") (param $at i32) (param $value i32) (param $len i32)
    (memory.fill (local.get $at) (local.get $value) (local.get $len)))

  ;; Copies `len` bytes; the ranges may overlap (it behaves like memmove).
  (func (export "copy") (param $to i32) (param $from i32) (param $len i32)
    (memory.copy (local.get $to) (local.get $from) (local.get $len)))

  ;; Copies the banner to `at`, once: after `data.drop` the segment is
  ;; empty and a second call traps (out of bounds memory access).
  (func (export "banner") (param $at i32)
    (memory.init $banner (local.get $at) (i32.const 0) (i32.const 10))
    (data.drop $banner))

  ;; The memory's size in 64 KiB pages; `memory.grow` adds pages and
  ;; returns the old size (or -1 when it cannot).
  (func (export "pages") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages))))
