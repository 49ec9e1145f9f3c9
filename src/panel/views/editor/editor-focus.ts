/**
 * A request to put the keyboard in the editor (an example or the editor row chosen with the
 * keyboard). The editor surface is loaded lazily, so the request waits here until it mounts.
 */
import { signal } from '@preact/signals';

/** Counts requests; the editor focuses itself when it changes (or when it mounts after one). */
export const editorFocusRequests = signal(0);

/** Asks the editor to take the keyboard focus as soon as it shows. */
export function focusEditor(): void {
  editorFocusRequests.value++;
}
