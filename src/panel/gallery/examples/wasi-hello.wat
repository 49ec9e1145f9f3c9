;; A WASI command that prints "hello": the smallest program that talks to
;; an operating system through WASI preview 1 instead of a browser API.
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno writes the buffers
  ;; listed at `iovs` to file descriptor `fd` (1 is standard output).
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; proc_exit(code) ends the program; it never returns.
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  ;; WASI reads the buffers from the memory the module exports as "memory".
  (memory (export "memory") 1)

  ;; The text, at address 16.
  (data (i32.const 16) "hello\n")

  ;; A command's entry point is `_start`.
  (func (export "_start")
    ;; One iovec at address 0: { buf = 16, buf_len = 6 }.
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    ;; Write it to stdout (the count of bytes written goes to address 8),
    ;; then exit with fd_write's error number: 0 when the write worked.
    (call $proc_exit
      (call $fd_write
        (i32.const 1)     ;; fd: standard output
        (i32.const 0)     ;; iovs: the iovec at address 0
        (i32.const 1)     ;; iovs_len: one iovec
        (i32.const 8)))))  ;; nwritten: where to put the count
