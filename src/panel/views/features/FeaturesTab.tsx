/**
 * Features and compatibility: the proposals a module uses (first byte offset, count) against
 * what this browser supports, whether this browser compiles it (and the runtime's message
 * when it cannot), the first Chrome, Firefox, Safari, Node.js and Deno versions that run it,
 * and the toolchain's `target_features` against what the code uses.
 */
import type { FeatureSummary } from '../../../protocol/decode/index.ts';
import type { Feature } from '../../../wasm/index.ts';
import {
  FEATURE_KEYS,
  FEATURE_TABLE,
  featureTitle,
  featuresState,
  moduleCompatibility,
  reveal,
  type ModuleDocument,
} from '../../state/index.ts';
import { Message, Progress, formatCount, hex, useStore } from '../common/index.ts';
import { CompatibilityTable } from './CompatibilityTable.tsx';
import { FeatureName } from './FeatureName.tsx';
import { TargetFeatures } from './TargetFeatures.tsx';

/** Renders the Features tab of `doc`. */
export function FeaturesTab({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const load = featuresState(doc, store.decoder).load.value;
  if (load.kind === 'loading') return <Progress label="Scanning the module for proposals…" />;
  if (load.kind === 'failed') {
    return (
      <div class="scroll-page">
        <Message kind="error" testId="features-failure">
          Could not scan the module: {load.message}
        </Message>
      </div>
    );
  }
  const { summary } = load;
  const used = summary.used.map((use) => use.feature);
  return (
    <div class="scroll-page" data-testid="features">
      <EngineVerdict summary={summary} />
      <section class="page-section">
        <h2>Proposals used</h2>
        <UsedFeatures doc={doc} summary={summary} />
      </section>
      <section class="page-section">
        <h2>Runs in</h2>
        <CompatibilityTable compatibility={moduleCompatibility(used)} used={used} />
        <p class="subtle source-note" data-testid="compat-source" title={FEATURE_TABLE.source}>
          Versions from webassembly.org's feature table ({tableRevision()}); WebAssembly 1.0 itself
          from MDN's browser-compat-data.
        </p>
      </section>
      <TargetFeatures
        targetFeatures={doc.overview.value?.targetFeatures ?? []}
        used={summary.used}
      />
      <EngineSupport summary={summary} />
    </div>
  );
}

/** `WebAssembly/website 4e9ff78`: which copy of the table answers. */
function tableRevision(): string {
  const commit = /commit ([0-9a-f]{7})/.exec(FEATURE_TABLE.source)?.[1];
  return commit ? `WebAssembly/website ${commit}` : FEATURE_TABLE.source;
}

/** Whether this browser compiles the module; the runtime's message, prominently, when not. */
function EngineVerdict({ summary }: { summary: FeatureSummary }) {
  if (summary.error) {
    return (
      <Message kind="error" testId="features-scan-error">
        The features could not be scanned: {summary.error.message}
      </Message>
    );
  }
  if (summary.valid) {
    return (
      <p class="verdict ok" data-testid="engine-verdict" data-valid="true">
        ✓ This browser compiles this module.
      </p>
    );
  }
  return (
    <div data-testid="engine-verdict" data-valid="false">
      <Message kind="error" testId="engine-message">
        <div>
          <strong>This browser cannot compile this module.</strong>
          <pre class="engine-message">{summary.engineMessage ?? 'The engine gave no reason.'}</pre>
        </div>
      </Message>
    </div>
  );
}

/** The proposals the module uses, with where each is first used and whether this browser has it. */
function UsedFeatures({ doc, summary }: { doc: ModuleDocument; summary: FeatureSummary }) {
  if (summary.used.length === 0) {
    return (
      <p class="subtle" data-testid="features-used" data-count="0">
        None: the module uses only WebAssembly 1.0 (MVP) features.
      </p>
    );
  }
  const supported = new Set(summary.supported);
  return (
    <table
      class="simple-table features-table"
      data-testid="features-used"
      data-count={summary.used.length}
    >
      <thead>
        <tr>
          <th>Proposal</th>
          <th class="num">First use</th>
          <th class="num">Uses</th>
          <th>This browser</th>
        </tr>
      </thead>
      <tbody>
        {summary.used.map((use) => {
          const here = supported.has(use.feature);
          return (
            <tr
              key={use.feature}
              data-feature={use.feature}
              data-first-offset={String(use.firstOffset)}
              data-uses={String(use.count)}
              data-supported={String(here)}
            >
              <td title={featureTitle(use.feature)}>
                <FeatureName feature={use.feature} />
              </td>
              <td class="num">
                <button
                  type="button"
                  class="link mono"
                  title={`Show the instruction at byte ${hex(use.firstOffset)} in the code`}
                  onClick={() => reveal(doc, { kind: 'offset', offset: use.firstOffset })}
                  data-testid="feature-offset"
                >
                  {hex(use.firstOffset)}
                </button>
              </td>
              <td class="num">{formatCount(use.count)}</td>
              <td class={here ? 'support-yes' : 'support-no'}>{here ? '✓ yes' : '✗ no'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Which proposals (of those the decoder knows) this browser supports. */
function EngineSupport({ summary }: { summary: FeatureSummary }) {
  const supported = new Set(summary.supported);
  const all = Object.keys(FEATURE_KEYS) as Feature[];
  const missing = all.filter((feature) => !supported.has(feature));
  return (
    <section class="page-section">
      <h2>This browser</h2>
      <p data-testid="engine-support" data-supported={summary.supported.join(' ')}>
        Supports {summary.supported.length} of the {all.length} proposals this panel detects
        {missing.length > 0 ? (
          <>
            ; not <span class="mono">{missing.join(', ')}</span>.
          </>
        ) : (
          '.'
        )}
      </p>
    </section>
  );
}
