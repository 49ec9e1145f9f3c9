;; Host functions and who owns them: a guided example. Open this module's Run tab and follow
;; the guide at the top, step by step; the Lifetimes and Leaks panes show what happens.
;;
;; Each function import below is given a host function (`Func.new` in the runtime layer). A
;; host function's closure lives in a two-member "wobbly" group: the store holds one member,
;; the callable the instance imports holds the other. Whichever is dropped first frees the
;; closure; the group's bookkeeping goes when both are gone.
(module $lifetimes
  ;; Called by `greet`: the host logs the number and returns it.
  (import "env" "log" (func $log (param i32) (result i32)))
  ;; The host's clock, called by `stamp`.
  (import "env" "now" (func $now (result f64)))

  ;; Calls the host function env.log with `n`.
  (func (export "greet") (param $n i32) (result i32)
    (call $log (local.get $n)))

  ;; Asks the host for the time.
  (func (export "stamp") (result f64)
    (call $now))

  ;; Pure guest code: needs no host function, so it works while its instance lives.
  (func (export "answer") (result i32)
    (i32.const 42)))
