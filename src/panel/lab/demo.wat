;; The Memory lab's demo module: two memories with things worth inspecting (a header struct,
;; pointers, a C string, UTF-8 text, an array) and exports that change them, so the Memory
;; view has real bytes, real calls and real memory.grow to show.
(module $memory_lab_demo
  (memory $heap (export "memory") 2 1024)
  (memory $scratch (export "scratch") 1 4)

  ;; 0x0000: magic, then { u32 version; f32 ratio; f64 pi; i64 minus_two }
  (data (memory $heap) (i32.const 0x0000) "WASM LAB")
  (data (memory $heap) (i32.const 0x0008) "\03\00\00\00")
  (data (memory $heap) (i32.const 0x000c) "\00\00\c0\3f")
  (data (memory $heap) (i32.const 0x0010) "\18\2d\44\54\fb\21\09\40")
  (data (memory $heap) (i32.const 0x0018) "\fe\ff\ff\ff\ff\ff\ff\ff")
  ;; 0x0040: pointers to the greeting, the UTF-8 text and the squares
  (data (memory $heap) (i32.const 0x0040) "\00\01\00\00\80\01\00\00\00\04\00\00")
  (data (memory $heap) (i32.const 0x0100) "Hello from WebAssembly linear memory!\00")
  (data (memory $heap) (i32.const 0x0180) "h\c3\a9llo w\c3\b6rld \e2\80\94 \e2\9c\93 \e6\97\a5\e6\9c\ac\e8\aa\9e\00")
  ;; Copied into the second memory by $init (wabt.js 1.0.39 encodes an active segment of a
  ;; memory other than 0 without its memory index, so this one is passive).
  (data $second "the second memory of the lab")

  (global $counter (mut i32) (i32.const 0))

  ;; 0x0400: i32 squares 0..63; the second memory's text.
  (func $init
    (local $i i32)
    (memory.init $scratch $second (i32.const 0) (i32.const 0) (i32.const 28))
    (data.drop $second)
    (loop $fill
      (i32.store (i32.add (i32.const 0x0400) (i32.shl (local.get $i) (i32.const 2)))
        (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 64)))))
  (start $init)

  ;; One "frame": bumps the counter at 0x1000, writes a hash of it at 0x1004, and moves a
  ;; marker byte along the 64 bytes at 0x1040. Returns the counter.
  (func (export "step") (result i32)
    (local $n i32)
    (local.set $n (i32.add (global.get $counter) (i32.const 1)))
    (global.set $counter (local.get $n))
    (i32.store (i32.const 0x1000) (local.get $n))
    (i32.store (i32.const 0x1004) (i32.mul (local.get $n) (i32.const 0x9e3779b9)))
    (i32.store8 (i32.add (i32.const 0x1040) (i32.and (i32.sub (local.get $n) (i32.const 1)) (i32.const 63)))
      (i32.const 0))
    (i32.store8 (i32.add (i32.const 0x1040) (i32.and (local.get $n) (i32.const 63)))
      (i32.const 0x2a))
    (local.get $n))

  ;; memory.grow of the heap; the old size in pages, or -1.
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow $heap (local.get $pages)))

  ;; Stores an i32 at an address of the heap.
  (func (export "poke") (param $at i32) (param $value i32)
    (i32.store (local.get $at) (local.get $value)))

  ;; Fills bytes of the heap.
  (func (export "fill") (param $at i32) (param $value i32) (param $count i32)
    (memory.fill $heap (local.get $at) (local.get $value) (local.get $count))))
