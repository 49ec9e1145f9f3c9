/**
 * The value inspector at the cursor, after Chrome's Linear Memory Inspector: every integer
 * width signed and unsigned, f32, f64 and pointers (with "follow"), in the byte order and
 * notation chosen above the table; and the text that starts at the cursor, as a C string and
 * as UTF-8.
 */
import type { Endianness, FloatFormat, IntegerFormat, MemoryInspector } from '../../state/index.ts';
import { formatCount } from '../common/index.ts';

function Select<T extends string>(props: {
  label: string;
  value: T;
  options: [T, string][];
  onChange(value: T): void;
  testId: string;
}) {
  return (
    <select
      class="memory-toolbar-select"
      aria-label={props.label}
      title={props.label}
      value={props.value}
      data-testid={props.testId}
      onChange={(event) => props.onChange(event.currentTarget.value as T)}
    >
      {props.options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
}

/** The value inspector of `inspector`. */
export function ValueInspector({ inspector }: { inspector: MemoryInspector }) {
  const values = inspector.values.value;
  const cursor = inspector.cursor.value;
  return (
    <section class="memory-pane" data-testid="value-inspector" aria-label="Value inspector">
      <h3>
        <span class="grow">Value at 0x{cursor.toString(16)}</span>
      </h3>
      <div class="memory-settings">
        <Select<Endianness>
          label="Byte order"
          value={inspector.endianness.value}
          options={[
            ['little', 'Little endian'],
            ['big', 'Big endian'],
          ]}
          onChange={(value) => (inspector.endianness.value = value)}
          testId="value-endianness"
        />
        <Select<IntegerFormat>
          label="Integers as"
          value={inspector.integerFormat.value}
          options={[
            ['dec', 'Integers: decimal'],
            ['hex', 'Integers: hex'],
          ]}
          onChange={(value) => (inspector.integerFormat.value = value)}
          testId="value-integer-format"
        />
        <Select<FloatFormat>
          label="Floats as"
          value={inspector.floatFormat.value}
          options={[
            ['dec', 'Floats: decimal'],
            ['sci', 'Floats: scientific'],
          ]}
          onChange={(value) => (inspector.floatFormat.value = value)}
          testId="value-float-format"
        />
      </div>
      <div class="memory-pane-body">
        <table class="value-table">
          <tbody>
            {values.map((value) => (
              <tr
                key={value.type}
                data-testid="value-row"
                data-type={value.type}
                data-value={value.text ?? ''}
              >
                <th scope="row" title={value.title}>
                  <abbr title={value.title}>{value.type}</abbr>
                </th>
                <td
                  class={value.text === null ? 'none' : undefined}
                  title={value.text ?? undefined}
                >
                  {value.text ?? '—'}
                  {value.target !== undefined ? (
                    <>
                      {' '}
                      <button
                        class="link"
                        disabled={value.target === null}
                        title={
                          value.target === null
                            ? 'Points outside the memory'
                            : `Go to 0x${value.target.toString(16)}`
                        }
                        data-testid={`follow-${value.type}`}
                        onClick={() => {
                          if (value.target !== null && value.target !== undefined)
                            inspector.goToAddress(value.target);
                        }}
                      >
                        follow
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * `text` with control characters written as `\xNN` (a font may have no glyph for them);
 * newline and tab stay as they are.
 */
export function visibleControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = (code < 0x20 && char !== '\n' && char !== '\t') || code === 0x7f;
    out += control ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return out;
}

/** The strings that start at the cursor. */
export function CursorText({ inspector }: { inspector: MemoryInspector }) {
  const text = inspector.text.value;
  if (!text) return null;
  const more = text.terminated ? '' : '…';
  return (
    <section class="memory-pane" data-testid="cursor-text" aria-label="Text at the cursor">
      <h3>
        <span class="grow">Text at the cursor</span>
        <span class="badge">
          {!text.terminated
            ? 'no NUL in 256 bytes'
            : text.length === 0
              ? 'a NUL at the cursor'
              : `${formatCount(text.length)} byte${text.length === 1 ? '' : 's'} + NUL`}
        </span>
      </h3>
      <div class="memory-pane-body">
        <div class="subtle">C string</div>
        <div class="cursor-text" data-testid="cursor-c-string">
          "{text.cString}"{more}
        </div>
        <div class="subtle">UTF-8{text.utf8Valid ? '' : ' (not valid: shown with �)'}</div>
        <div class="cursor-text" data-testid="cursor-utf8">
          {visibleControls(text.utf8)}
          {more}
        </div>
      </div>
    </section>
  );
}
