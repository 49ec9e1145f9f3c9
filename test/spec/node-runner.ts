/**
 * Runs compiled spec scripts in this Node process against the runtime layer.
 */
import type { CompiledScript } from './commands.ts';
import { runScript, type ScriptResult } from './interpreter.ts';

/** Executes every script in order, each in a fresh engine and store. */
export function runInNode(scripts: CompiledScript[]): ScriptResult[] {
  return scripts.map((script) => runScript(script));
}
