/**
 * The module's exports: a call form per function (one typed field per parameter; Enter or Call
 * runs it) with its last outcome, and the instance's memories, tables and globals with their
 * sizes and values, refreshed after every call.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GlobalState, InstanceExtern } from '../../../protocol/sandbox/index.ts';
import { externText } from '../../../protocol/sandbox/index.ts';
import {
  callExport,
  defaultText,
  runArea,
  type ModuleDocument,
  type SandboxInstance,
  type SandboxModule,
  type SandboxState,
} from '../../state/index.ts';
import { formatBytes } from '../common/index.ts';
import { OutcomeView } from './OutcomeView.tsx';
import { ValueText } from './ValueText.tsx';

function CallForm({
  doc,
  exp,
  instance,
  sandbox,
}: {
  doc: ModuleDocument;
  exp: InstanceExtern & { type: { kind: 'func'; params: string[]; results: string[] } };
  instance: SandboxInstance | undefined;
  sandbox: SandboxState;
}) {
  const area = runArea(doc);
  const params = exp.type.params;
  const texts = area.args(exp.name, params);
  const errors = area.fieldErrors(exp.name).value;
  const last = [...sandbox.history.value]
    .reverse()
    .find((r) => r.exportName === exp.name && r.instanceId === instance?.summary.instanceId);
  const busy = sandbox.status.value === 'busy';
  const run = () => void callExport(doc, sandbox, exp.name, params);
  return (
    <li class="call-form" data-testid="call-form" data-export={exp.name}>
      <form
        class="call-line"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <span class="mono call-name">{exp.name}</span>
        <span class="call-args">
          (
          {params.map((type, i) => (
            <span key={i} class="call-arg">
              {i > 0 ? ', ' : ''}
              <input
                class={`text-input value-input${errors[i] ? ' invalid' : ''}`}
                aria-label={`Argument ${i} of ${exp.name} (${type})`}
                aria-invalid={errors[i] ? true : undefined}
                title={errors[i] ?? type}
                placeholder={type}
                data-testid="arg"
                value={texts.value[i] ?? defaultText(type)}
                onInput={(event) => {
                  const next = [...texts.peek()];
                  next[i] = (event.target as HTMLInputElement).value;
                  texts.value = next;
                }}
              />
            </span>
          ))}
          )
        </span>
        <span class="subtle mono">
          {exp.type.results.length > 0 ? `→ ${exp.type.results.join(', ')}` : ''}
        </span>
        <button class="button" type="submit" data-testid="call" disabled={busy || !instance}>
          Call
        </button>
      </form>
      {errors.some((e) => e) ? (
        <div class="error-text" data-testid="arg-error">
          {errors.find((e) => e)}
        </div>
      ) : null}
      {last ? <OutcomeView record={last} sandbox={sandbox} /> : null}
    </li>
  );
}

function LiveState({ instance, sandbox }: { instance: SandboxInstance; sandbox: SandboxState }) {
  const revision = sandbox.revision.value;
  const globals = instance.summary.exports.filter((e) => e.type.kind === 'global');
  const memories = instance.summary.exports.filter((e) => e.type.kind === 'memory');
  const tables = instance.summary.exports.filter((e) => e.type.kind === 'table');
  const [values, setValues] = useState<GlobalState[]>([]);
  const [sizes, setSizes] = useState<Record<number, number>>({});
  useEffect(() => {
    if (sandbox.status.peek() === 'lost') return;
    let current = true;
    if (globals.length > 0)
      sandbox
        .readGlobals(globals.map((g) => g.handle))
        .then((next) => current && setValues(next))
        .catch(() => undefined);
    Promise.all([
      ...memories.map(
        async (m) =>
          [m.handle, await sandbox.memorySource(m.handle, m.name, false).length()] as const,
      ),
      ...tables.map(
        async (t) => [t.handle, (await sandbox.readTable(t.handle, 0, 0)).size] as const,
      ),
    ])
      .then((pairs) => current && setSizes(Object.fromEntries(pairs)))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [instance.summary.instanceId, revision]);
  if (globals.length + memories.length + tables.length === 0) return null;
  return (
    <ul class="live-state" data-testid="live-state">
      {memories.map((m) => (
        <li key={m.handle} data-memory={m.name} data-bytes={String(sizes[m.handle] ?? '')}>
          memory <span class="mono">{m.name}</span>{' '}
          {sizes[m.handle] !== undefined
            ? `${sizes[m.handle] / 65536} page${sizes[m.handle] === 65536 ? '' : 's'} (${formatBytes(sizes[m.handle])})`
            : ''}
        </li>
      ))}
      {tables.map((t) => (
        <li key={t.handle}>
          table <span class="mono">{t.name}</span> {externText(t.type)}
          {sizes[t.handle] !== undefined ? `, ${sizes[t.handle]} entries` : ''}
        </li>
      ))}
      {globals.map((g) => {
        const value = values.find((v) => v.handle === g.handle)?.value;
        return (
          <li key={g.handle} data-global={g.name}>
            global <span class="mono">{g.name}</span> {externText(g.type)} ={' '}
            {value ? <ValueText value={value} /> : '…'}
          </li>
        );
      })}
    </ul>
  );
}

/** Renders the exports of `module` for the tab's instance. */
export function ExportsSection({
  doc,
  module,
  sandbox,
}: {
  doc: ModuleDocument;
  module: SandboxModule;
  sandbox: SandboxState;
}) {
  const instanceId = runArea(doc).instanceId.value;
  const instance = sandbox.instances.value.find(
    (i) => i.summary.instanceId === instanceId && i.docId === doc.id,
  );
  const functions = (
    instance?.summary.exports ??
    module.summary.exports.map((e, i) => ({ name: e.name, type: e.type, handle: -(i + 1) }))
  ).filter(
    (e): e is InstanceExtern & { type: { kind: 'func'; params: string[]; results: string[] } } =>
      e.type.kind === 'func',
  );
  return (
    <section class="page-section" aria-label="Exports" data-testid="exports-section">
      <h2>
        Exports{' '}
        <span class="subtle">
          {instance
            ? `of instance #${instance.summary.instanceId} in store #${instance.summary.storeId}`
            : '(instantiate to call them)'}
        </span>
      </h2>
      {functions.length > 0 ? (
        <ul class="call-forms">
          {functions.map((exp) => (
            <CallForm key={exp.name} doc={doc} exp={exp} instance={instance} sandbox={sandbox} />
          ))}
        </ul>
      ) : (
        <div class="subtle">No function exports.</div>
      )}
      {instance ? <LiveState instance={instance} sandbox={sandbox} /> : null}
    </section>
  );
}
