/** The instance a module's Run tab calls: the one chosen in its toolbar, if it still exists. */
import {
  runArea,
  type ModuleDocument,
  type SandboxInstance,
  type SandboxState,
} from '../../state/index.ts';

/** The tab's instance of `doc`, or undefined before instantiation (or after it was dropped). */
export function useTabInstance(
  doc: ModuleDocument,
  sandbox: SandboxState,
): SandboxInstance | undefined {
  const instanceId = runArea(doc).instanceId.value;
  return sandbox.instances.value.find(
    (i) => i.summary.instanceId === instanceId && i.docId === doc.id,
  );
}
