;; Host imports: the module asks its host for functions and values, by a
;; module name and a field name. Instantiation fails until each is given.
(module
  ;; Functions the host implements. Their types are part of the contract:
  ;; the host's function is called with an i32 and must return nothing.
  (import "env" "log_i32" (func $log (param i32)))
  (import "env" "now_ms" (func $now (result f64)))

  ;; A value the host chooses at instantiation: an immutable global.
  (import "env" "limit" (global $limit i32))

  ;; Counts from 0 up to the host's limit, logging each number, and
  ;; returns how long that took by the host's clock.
  (func (export "count") (result f64)
    (local $i i32)
    (local $start f64)
    (local.set $start (call $now))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (global.get $limit)))
        (call $log (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (f64.sub (call $now) (local.get $start))))
