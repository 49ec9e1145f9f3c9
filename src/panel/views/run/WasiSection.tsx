/**
 * The WASI process a module gets: its arguments and environment (as typed: they apply to the
 * next instantiation), the files of its preopened directory (add, download, remove; what the
 * program writes appears here), and a Run button for a command's `_start`.
 */
import { useRef } from 'preact/hooks';
import { formatBytes } from '../common/index.ts';
import {
  callExport,
  instantiateDocument,
  runArea,
  type ModuleDocument,
  type SandboxModule,
  type SandboxState,
} from '../../state/index.ts';
import { Icon } from '../common/index.ts';

async function download(sandbox: SandboxState, path: string): Promise<void> {
  const bytes = await sandbox.readFile(path);
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer]));
  const link = document.createElement('a');
  link.href = url;
  link.download = path.split('/').pop() ?? path;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Instantiates (when the tab has no instance yet) and calls `_start`. */
async function runCommand(doc: ModuleDocument, sandbox: SandboxState): Promise<void> {
  const area = runArea(doc);
  const current = sandbox.instances
    .peek()
    .find((i) => i.summary.instanceId === area.instanceId.peek());
  // A command runs once per instance: a fresh instance for each run, as a shell would.
  if (
    !current ||
    sandbox.history
      .peek()
      .some((r) => r.instanceId === current.summary.instanceId && r.exportName === '_start')
  ) {
    const outcome = await instantiateDocument(doc, sandbox);
    if (outcome?.kind !== 'instantiated') return;
  }
  await callExport(doc, sandbox, '_start', []);
}

/** Renders the WASI section of `module`. */
export function WasiSection({
  doc,
  module,
  sandbox,
}: {
  doc: ModuleDocument;
  module: SandboxModule;
  sandbox: SandboxState;
}) {
  const picker = useRef<HTMLInputElement>(null);
  if (!module.summary.wasi) return null;
  const files = sandbox.wasiFiles.value;
  const busy = sandbox.status.value === 'busy';
  return (
    <section class="page-section" aria-label="WASI" data-testid="wasi-section">
      <h2>
        WASI{' '}
        <span class="subtle">({module.summary.wasi}, preview 1 through browser_wasi_shim)</span>
      </h2>
      <div class="form-grid">
        <label for={`wasi-args-${doc.id}`}>Arguments</label>
        <input
          id={`wasi-args-${doc.id}`}
          class="text-input wide"
          data-testid="wasi-args"
          placeholder={`${doc.title} --flag "two words"`}
          value={sandbox.wasiArgs.value}
          onInput={(event) => (sandbox.wasiArgs.value = (event.target as HTMLInputElement).value)}
        />
        <label for={`wasi-env-${doc.id}`}>Environment</label>
        <textarea
          id={`wasi-env-${doc.id}`}
          class="text-input wide env-input"
          data-testid="wasi-env"
          placeholder="NAME=value, one per line"
          rows={2}
          value={sandbox.wasiEnv.value}
          onInput={(event) => (sandbox.wasiEnv.value = (event.target as HTMLTextAreaElement).value)}
        />
        <span>Files</span>
        <div
          class="wasi-files"
          data-testid="wasi-drop"
          onDragOver={(event) => {
            if (!event.dataTransfer?.types.includes('Files')) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }}
          onDrop={(event) => {
            const files = event.dataTransfer?.files;
            if (!files || files.length === 0) return;
            // Taken here: the panel's own drop handler (open a module) leaves it alone.
            event.preventDefault();
            void sandbox.putFiles([...files]);
          }}
        >
          <div class="subtle">
            The program's directory, preopened as <span class="mono">/</span> and{' '}
            <span class="mono">.</span>: drop files here; what the program writes shows here too.
          </div>
          {files.length > 0 ? (
            <ul class="file-list" data-testid="wasi-files">
              {files.map((file) => (
                <li key={file.path} data-path={file.path}>
                  <span class="mono">{file.path}</span>{' '}
                  <span class="subtle">{formatBytes(file.size)}</span>{' '}
                  <button class="link" onClick={() => void download(sandbox, file.path)}>
                    Download
                  </button>{' '}
                  <button class="link" onClick={() => void sandbox.removeFile(file.path)}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            ref={picker}
            type="file"
            multiple
            class="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              if (input.files) void sandbox.putFiles([...input.files]);
              input.value = '';
            }}
          />
          <button
            class="button"
            data-testid="wasi-add-files"
            onClick={() => picker.current?.click()}
          >
            Add files…
          </button>
        </div>
      </div>
      {module.summary.wasi === 'command' ? (
        <button
          class="button primary run-command"
          data-testid="wasi-run"
          disabled={busy}
          onClick={() => void runCommand(doc, sandbox)}
        >
          <Icon name="play" /> Run _start
        </button>
      ) : null}
    </section>
  );
}
