/**
 * The editor surface, loaded when first shown: CodeMirror is most of the panel's code, and a
 * user who only reads modules should not wait for it when the panel opens.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Message } from '../common/index.ts';

let loaded: ComponentType | null = null;
let loading: Promise<ComponentType> | null = null;

/** Loads the editor's code (once) and resolves with its component. */
export function loadEditorSurface(): Promise<ComponentType> {
  loading ??= import('./EditorSurface.tsx').then((module) => (loaded = module.EditorSurface));
  return loading;
}

/** Renders the editor surface, loading it first if needed. */
export function LazyEditorSurface() {
  const [View, setView] = useState<ComponentType | null>(() => loaded);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (View) return;
    let live = true;
    loadEditorSurface().then(
      (component) => live && setView(() => component),
      (error: unknown) => {
        loading = null;
        if (live) setFailure(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
  }, [View]);
  if (View) return <View />;
  if (failure)
    return (
      <div class="scroll-page">
        <Message kind="error" testId="editor-load-error">
          The editor could not be loaded: {failure}
        </Message>
      </div>
    );
  return (
    <div class="progress" data-testid="editor-loading">
      Loading the editor…
    </div>
  );
}
