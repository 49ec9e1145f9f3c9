/** A typed value shown as the user would type it, with its hex form as a tooltip. */
import type { SandboxVal } from '../../../protocol/sandbox/index.ts';
import { formatValue } from '../../state/index.ts';

/** `i32 42` with `0x2a` beside it on hover. */
export function ValueText({ value }: { value: SandboxVal }) {
  const { text, detail } = formatValue(value);
  return (
    <span class="value" title={detail} data-type={value.type} data-value={text}>
      <span class="value-type">{value.type}</span> <span class="mono">{text}</span>
      {'ref' in value && value.label ? <span class="subtle"> {value.label}</span> : null}
    </span>
  );
}

/** Values separated by commas (`empty` when there are none). */
export function ValueList({
  values,
  empty = 'no results',
}: {
  values: SandboxVal[];
  empty?: string;
}) {
  if (values.length === 0) return empty ? <span class="subtle">{empty}</span> : null;
  return (
    <>
      {values.map((value, i) => (
        <span key={i}>
          {i > 0 ? ', ' : ''}
          <ValueText value={value} />
        </span>
      ))}
    </>
  );
}
