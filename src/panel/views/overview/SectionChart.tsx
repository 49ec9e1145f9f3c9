/**
 * The module's sections as one horizontal bar, each section a segment as wide as its share of
 * the module. Hovering (or focusing) a segment names it with its exact size; the legend below
 * gives every number, so nothing depends on the pointer.
 */
import { useState } from 'preact/hooks';
import type { SectionSummary } from '../../../protocol/decode/index.ts';
import { formatBytes, formatCount, percent } from '../common/index.ts';

const PALETTE = [1, 2, 3, 4, 5, 6, 7].map((i) => `var(--color-chart-${i})`);

/** Sections grouped for the chart: each standard section, all custom sections as one. */
export function chartSegments(sections: readonly SectionSummary[], moduleSize: number) {
  const segments: { label: string; size: number; detail: string }[] = [
    { label: 'header', size: 8, detail: 'magic and version' },
  ];
  for (const section of sections) {
    const label = section.id === 0 ? `custom “${section.name}”` : section.kind;
    segments.push({ label, size: section.size, detail: `at 0x${section.offset.toString(16)}` });
  }
  const accounted = segments.reduce((sum, s) => sum + s.size, 0);
  if (accounted < moduleSize)
    segments.push({
      label: 'unread',
      size: moduleSize - accounted,
      detail: 'bytes after the last readable section',
    });
  return segments;
}

/** Renders the bar and its legend. */
export function SectionChart({
  sections,
  moduleSize,
}: {
  sections: readonly SectionSummary[];
  moduleSize: number;
}) {
  const [hovered, setHovered] = useState<number | null>(null);
  const segments = chartSegments(sections, moduleSize);
  let x = 0;
  const width = 1000;
  const shown = hovered === null ? null : segments[hovered];
  return (
    <div class="section-chart">
      <svg
        viewBox={`0 0 ${width} 24`}
        preserveAspectRatio="none"
        class="section-bar"
        role="img"
        aria-label="Section sizes"
        data-testid="section-chart"
      >
        {segments.map((segment, index) => {
          const w = moduleSize > 0 ? (segment.size / moduleSize) * width : 0;
          const rect = (
            <rect
              key={index}
              x={x}
              y={0}
              width={Math.max(w, 0.5)}
              height={24}
              fill={PALETTE[index % PALETTE.length]}
              opacity={hovered === null || hovered === index ? 1 : 0.45}
              onMouseEnter={() => setHovered(index)}
              onMouseLeave={() => setHovered(null)}
              data-section={segment.label}
              data-bytes={String(segment.size)}
            >
              <title>{`${segment.label}: ${formatCount(segment.size)} bytes (${percent(segment.size, moduleSize)})`}</title>
            </rect>
          );
          x += w;
          return rect;
        })}
      </svg>
      <div class="section-chart-caption" aria-live="polite">
        {shown
          ? `${shown.label}: ${formatCount(shown.size)} bytes (${percent(shown.size, moduleSize)}), ${shown.detail}`
          : 'Hover a segment for its exact size.'}
      </div>
      <table class="simple-table" data-testid="section-table">
        <thead>
          <tr>
            <th aria-label="Colour" />
            <th>Section</th>
            <th class="num">Offset</th>
            <th class="num">Bytes</th>
            <th class="num">Share</th>
          </tr>
        </thead>
        <tbody>
          {segments.map((segment, index) => (
            <tr
              key={index}
              onMouseEnter={() => setHovered(index)}
              onMouseLeave={() => setHovered(null)}
            >
              <td>
                <span class="swatch" style={{ background: PALETTE[index % PALETTE.length] }} />
              </td>
              <td>{segment.label}</td>
              <td class="num mono">
                {segment.detail.startsWith('at ') ? segment.detail.slice(3) : ''}
              </td>
              <td class="num" title={formatBytes(segment.size)}>
                {formatCount(segment.size)}
              </td>
              <td class="num">{percent(segment.size, moduleSize)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
