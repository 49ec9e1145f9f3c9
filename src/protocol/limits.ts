/**
 * Size and rate limits every context agrees on. The page is untrusted, so each hop checks
 * these before it copies, decodes or stores anything.
 */

/**
 * Binary chunk size of a module transfer, in bytes. Copying and posting one chunk is one task
 * on the page's main thread (and one on each hop after it), and here copying into fresh memory
 * cost up to 10 ms per MB, so a chunk is kept well under 1 MiB. The cost is per byte, not per
 * message: 1 MiB chunks moved a module no faster than these, in tasks four times as long.
 */
export const MAX_CHUNK_BYTES = 256 * 1024;

/** Largest memory range one live request may read or write, in bytes. */
export const MAX_MEMORY_REQUEST_BYTES = 1024 * 1024;

/** Largest number of table entries one live request may read. */
export const MAX_TABLE_ENTRIES = 4096;

/** Largest module the hook will announce, in bytes (the spec's practical ceiling is 1 GiB). */
export const MAX_MODULE_BYTES = 1024 * 1024 * 1024;

/** Longest URL or name string accepted from the page. */
export const MAX_STRING_CHARS = 4096;

/** Most memories, tables or globals listed per instance. */
export const MAX_EXTERNS_PER_KIND = 1024;

/** Most messages per second one frame's relay forwards before it starts dropping. */
export const MAX_MESSAGES_PER_SECOND = 400;

/** How long the background waits for a page to answer a live request, in milliseconds. */
export const LIVE_REQUEST_TIMEOUT_MS = 5000;
