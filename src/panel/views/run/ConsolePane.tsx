/**
 * The sandbox console: what WASI programs write to stdout and stderr, each host-function call
 * (arguments, results or trap, time), exit codes and the sandbox's own notes, newest at the
 * bottom. Host calls can be hidden; Clear empties it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleLine, SandboxState } from '../../state/index.ts';
import { Icon } from '../common/index.ts';

/** Lines rendered at most (the state keeps more; older ones are summarised). */
const SHOWN_LINES = 1000;

/** Renders the console of `sandbox`. */
export function ConsolePane({ sandbox }: { sandbox: SandboxState }) {
  const [showHost, setShowHost] = useState(true);
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const all = sandbox.console.value;
  const lines: ConsoleLine[] = (showHost ? all : all.filter((l) => l.kind !== 'host')).slice(
    -SHOWN_LINES,
  );
  const hidden =
    (showHost ? all.length : all.filter((l) => l.kind !== 'host').length) - lines.length;
  const unlogged = sandbox.hostCallsUnlogged.value;
  useLayoutEffect(() => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [lines.length, lines.at(-1)?.text]);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const onScroll = () => {
      stick.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);
  return (
    <section class="console-pane" aria-label="Console" data-testid="console">
      <div class="toolbar" role="toolbar" aria-label="Console">
        <label class="toolbar-field">
          <input
            type="checkbox"
            checked={showHost}
            data-testid="console-host-calls"
            onChange={(event) => setShowHost((event.target as HTMLInputElement).checked)}
          />
          Host calls
        </label>
        {unlogged > 0 ? (
          <span class="subtle" title="Calls past the first 1,000 of a run are counted, not logged">
            +{unlogged.toLocaleString('en-US')} calls not logged
          </span>
        ) : null}
        <span class="spacer" />
        <button
          class="toolbar-button"
          title="Clear the console"
          data-testid="console-clear"
          onClick={() => sandbox.clearConsole()}
        >
          <Icon name="clear" />
        </button>
      </div>
      <div
        class="console-lines mono"
        ref={list}
        role="log"
        aria-live="polite"
        tabIndex={0}
        data-testid="console-lines"
      >
        {hidden > 0 ? <div class="console-line info">… {hidden} earlier lines</div> : null}
        {lines.length === 0 ? (
          <div class="console-line info">
            Output of WASI programs and host-function calls appears here.
          </div>
        ) : (
          lines.map((line) => (
            <div key={line.id} class={`console-line ${line.kind}`} data-kind={line.kind}>
              {line.text || ' '}
            </div>
          ))
        )}
      </div>
    </section>
  );
}
