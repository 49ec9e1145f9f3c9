/**
 * The toolchain's `target_features` section against what the code uses: a feature declared
 * but unused (the module could run on older engines if built without it), and a feature used
 * but not declared (the section is stale or hand-edited).
 */
import type { FeatureUse } from '../../../wasm/index.ts';
import { FEATURE_KEYS, featuresOfTargetFeature } from '../../state/index.ts';
import { hex } from '../common/index.ts';

const PREFIX_MEANING: Record<string, string> = {
  '+': 'used',
  '-': 'disallowed',
  '=': 'required',
};

/**
 * How a declaration compares with the code: `used` and `unused` as declared (unused is
 * harmless: the module could run on older engines if built without it), `undeclared` used
 * without a declaration, `violated` declared disallowed yet used, `unknown` a feature this
 * panel does not detect.
 */
type Status = 'used' | 'unused' | 'undeclared' | 'violated' | 'unknown';

interface Row {
  name: string;
  declared: string;
  inCode: string;
  status: Status;
}

function rowsOf(targetFeatures: { prefix: string; name: string }[], used: FeatureUse[]): Row[] {
  const usedBy = new Map(used.map((use) => [use.feature, use]));
  const declaredNames = new Set(targetFeatures.map((entry) => entry.name));
  const rows: Row[] = targetFeatures.map((entry) => {
    const features = featuresOfTargetFeature(entry.name);
    const uses = features.flatMap((feature) => usedBy.get(feature) ?? []);
    const inCode =
      features.length === 0
        ? 'not detected by this panel'
        : uses.length > 0
          ? uses.map((use) => `${use.feature} (first at ${hex(use.firstOffset)})`).join(', ')
          : 'not used';
    const status: Status =
      features.length === 0
        ? 'unknown'
        : entry.prefix === '-'
          ? uses.length > 0
            ? 'violated'
            : 'unused'
          : uses.length > 0
            ? 'used'
            : 'unused';
    return {
      name: entry.name,
      declared: `${entry.prefix}${entry.name} (${PREFIX_MEANING[entry.prefix] ?? entry.prefix})`,
      inCode,
      status,
    };
  });
  for (const use of used) {
    const names = FEATURE_KEYS[use.feature].targetFeatures;
    if (names.length === 0 || names.some((name) => declaredNames.has(name))) continue;
    rows.push({
      name: names[0],
      declared: 'not declared',
      inCode: `${use.feature} (first at ${hex(use.firstOffset)})`,
      status: 'undeclared',
    });
  }
  return rows;
}

/** Renders the `target_features` comparison, or nothing when the module has no such section. */
export function TargetFeatures(props: {
  targetFeatures: { prefix: string; name: string }[];
  used: FeatureUse[];
}) {
  if (props.targetFeatures.length === 0) return null;
  const rows = rowsOf(props.targetFeatures, props.used);
  return (
    <section class="page-section">
      <h2>Target features</h2>
      <table class="simple-table" data-testid="target-features">
        <thead>
          <tr>
            <th>Declared by the toolchain</th>
            <th>In the code</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.name}:${row.declared}`}
              data-target-feature={row.name}
              data-status={row.status}
            >
              <td class="mono">{row.declared}</td>
              <td
                class={
                  row.status === 'undeclared' || row.status === 'violated' ? 'mismatch' : undefined
                }
                title={row.inCode}
              >
                {row.inCode}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
