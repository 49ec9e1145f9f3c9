;; SIMD: one instruction works on a 128-bit vector of lanes, here four
;; f32 or i32 values at once.
(module
  (memory (export "memory") 1)

  ;; Two vectors of four floats: 1 2 3 4 at address 0, 5 6 7 8 at 16.
  (data (i32.const 0)
    "\00\00\80\3f" "\00\00\00\40" "\00\00\40\40" "\00\00\80\40")
  (data (i32.const 16)
    "\00\00\a0\40" "\00\00\c0\40" "\00\00\e0\40" "\00\00\00\41")

  ;; Dot product: multiply lane by lane, then add the four lanes up.
  (func (export "dot") (param $a i32) (param $b i32) (result f32)
    (local $p v128)
    (local.set $p
      (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $p))
               (f32x4.extract_lane 1 (local.get $p)))
      (f32.add (f32x4.extract_lane 2 (local.get $p))
               (f32x4.extract_lane 3 (local.get $p)))))

  ;; Adds `n` to each of four i32 lanes in memory at once: `splat` copies
  ;; one value into every lane.
  (func (export "add_all") (param $at i32) (param $n i32)
    (v128.store (local.get $at)
      (i32x4.add (v128.load (local.get $at)) (i32x4.splat (local.get $n)))))

  ;; A vector constant, and a lane-wise maximum of two of them.
  (func (export "max_lane") (result i32)
    (i32x4.extract_lane 2
      (i32x4.max_s
        (v128.const i32x4 1 20 3 40)
        (v128.const i32x4 10 2 30 4)))))
