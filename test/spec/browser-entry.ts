/**
 * Entry of the browser bundle: exposes the interpreter to the page so the Chromium runner can
 * fetch a compiled script by URL and execute it against the bundled runtime layer, and the
 * host-side API checks (`api-checks.ts`).
 */
import { runApiChecks } from './api-checks.ts';
import { runScript, type ScriptResult } from './interpreter.ts';
import type { CompiledScript } from './commands.ts';

/** Fetches a compiled script (JSON) and runs it in this page. */
export async function runSpecScript(url: string): Promise<ScriptResult> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return runScript((await response.json()) as CompiledScript);
}

Object.assign(globalThis, { runSpecScript, runApiChecks });
