/**
 * Who reaches a function, as twiggy's `paths`: its callers, `ref.func` uses, element segments,
 * exports, the start function and initial values, each caller expandable into its own
 * referrers. A tree with the keyboard (↑/↓, → to expand, ← to collapse, Enter to open the
 * code at that place).
 */
import type { ComponentChildren } from 'preact';
import type { Referrer } from '../../../protocol/decode/index.ts';
import {
  reveal,
  type ModuleDocument,
  type RevealTarget,
  type SizeViewState,
} from '../../state/index.ts';
import { formatBytes, formatCount } from '../common/index.ts';

/** One visible row of the tree. */
interface TreeNode {
  key: string;
  level: number;
  label: ComponentChildren;
  /** The function a row expands into (callers, ref.func users), if it does. */
  func: number | null;
  expanded: boolean;
  /** Where Enter takes the user. */
  target: RevealTarget | null;
  kind: string;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function describe(referrer: Referrer): {
  label: ComponentChildren;
  target: RevealTarget | null;
  func: number | null;
} {
  switch (referrer.kind) {
    case 'call':
      return {
        label: (
          <>
            called by <span class="mono">{referrer.name}</span>{' '}
            <span class="subtle">({plural(referrer.sites, 'call site')})</span>
          </>
        ),
        target: { kind: 'offset', offset: referrer.firstSite },
        func: referrer.caller,
      };
    case 'ref-func':
      return {
        label: (
          <>
            <span class="mono">ref.func</span> in <span class="mono">{referrer.name}</span>{' '}
            <span class="subtle">({plural(referrer.sites, 'use')})</span>
          </>
        ),
        target: { kind: 'offset', offset: referrer.firstSite },
        func: referrer.user,
      };
    case 'elem':
      return {
        label: (
          <>
            in element segment <span class="mono">{referrer.name}</span>{' '}
            <span class="subtle">
              ({plural(referrer.items, 'entry', 'entries')}, first at #
              {formatCount(referrer.firstItem)})
            </span>
          </>
        ),
        target: {
          kind: 'code',
          target: { kind: 'definition', entity: { kind: 'elem', index: referrer.segment } },
        },
        func: null,
      };
    case 'export':
      return {
        label: (
          <>
            exported as <span class="mono">"{referrer.name}"</span>
          </>
        ),
        target: { kind: 'code', target: { kind: 'export', index: referrer.export } },
        func: null,
      };
    case 'start':
      return {
        label: 'the start function',
        target: { kind: 'code', target: { kind: 'start' } },
        func: null,
      };
    case 'global':
      return {
        label: (
          <>
            initial value of global <span class="mono">{referrer.name}</span>
          </>
        ),
        target: {
          kind: 'code',
          target: { kind: 'definition', entity: { kind: 'global', index: referrer.global } },
        },
        func: null,
      };
    case 'table':
      return {
        label: (
          <>
            initial value of table <span class="mono">{referrer.name}</span>
          </>
        ),
        target: {
          kind: 'code',
          target: { kind: 'definition', entity: { kind: 'table', index: referrer.table } },
        },
        func: null,
      };
  }
}

/** The visible rows under (and including) the node for `func` at `key`. */
function visibleNodes(
  size: SizeViewState,
  func: number,
  key: string,
  level: number,
  ancestors: ReadonlySet<number>,
  label: ComponentChildren,
  target: RevealTarget | null,
  kind: string,
  out: TreeNode[],
): void {
  const expandable = !ancestors.has(func);
  const expanded = expandable && size.expanded.value.has(key);
  out.push({ key, level, label, func: expandable ? func : null, expanded, target, kind });
  if (!expanded) return;
  const entry = size.referrersOf(func).value;
  if (entry.state === 'loading') {
    out.push({
      key: `${key}/…`,
      level: level + 1,
      label: <span class="subtle">Looking…</span>,
      func: null,
      expanded: false,
      target: null,
      kind: 'note',
    });
    return;
  }
  if (entry.state === 'failed') {
    out.push({
      key: `${key}/!`,
      level: level + 1,
      label: <span class="error-text">{entry.message}</span>,
      func: null,
      expanded: false,
      target: null,
      kind: 'note',
    });
    return;
  }
  const { value } = entry;
  if (value.referrers.length === 0) {
    out.push({
      key: `${key}/-`,
      level: level + 1,
      label: <span class="subtle">nothing calls or refers to it</span>,
      func: null,
      expanded: false,
      target: null,
      kind: 'note',
    });
  }
  const inside = new Set(ancestors).add(func);
  value.referrers.forEach((referrer, i) => {
    const { label: text, target: to, func: next } = describe(referrer);
    const childKey = `${key}/${i}`;
    if (next === null) {
      out.push({
        key: childKey,
        level: level + 1,
        label: text,
        func: null,
        expanded: false,
        target: to,
        kind: referrer.kind,
      });
    } else {
      const shown = inside.has(next) ? (
        <>
          {text} <span class="subtle">(recursive)</span>
        </>
      ) : (
        text
      );
      visibleNodes(size, next, childKey, level + 1, inside, shown, to, referrer.kind, out);
    }
  });
  const listedCallers = value.referrers.filter((r) => r.kind === 'call').length;
  if (value.callers > listedCallers) {
    out.push({
      key: `${key}/+`,
      level: level + 1,
      label: <span class="subtle">and {plural(value.callers - listedCallers, 'more caller')}</span>,
      func: null,
      expanded: false,
      target: null,
      kind: 'note',
    });
  }
}

/** Renders who reaches the focused function of `size`. */
export function ReferrersTree({ doc, size }: { doc: ModuleDocument; size: SizeViewState }) {
  const func = size.focus.value;
  if (func === null) return null;
  const root = size.referrersOf(func).value;
  const rootLabel =
    root.state === 'ready' ? (
      <>
        <span class="mono">{root.value.name}</span>{' '}
        <span class="subtle">
          ({formatBytes(root.value.size)}; {plural(root.value.callers, 'caller')},{' '}
          {plural(root.value.callSites, 'call site')}; calls{' '}
          {plural(root.value.callees, 'function')})
        </span>
      </>
    ) : (
      <span class="mono">function {func}</span>
    );
  const nodes: TreeNode[] = [];
  visibleNodes(
    size,
    func,
    String(func),
    1,
    new Set(),
    rootLabel,
    { kind: 'func', index: func },
    'root',
    nodes,
  );
  const selectedKey = size.treeSelected.value ?? nodes[0]?.key ?? null;
  const position = Math.max(
    0,
    nodes.findIndex((node) => node.key === selectedKey),
  );

  const open = (node: TreeNode): void => {
    if (node.target) reveal(doc, node.target);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const node = nodes[position];
    if (!node) return;
    const move = (to: number) =>
      (size.treeSelected.value = nodes[Math.max(0, Math.min(nodes.length - 1, to))].key);
    switch (event.key) {
      case 'ArrowDown':
        move(position + 1);
        break;
      case 'ArrowUp':
        move(position - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(nodes.length - 1);
        break;
      case 'ArrowRight':
        if (node.func !== null && !node.expanded) size.toggle(node.key, true);
        else if (node.expanded) move(position + 1);
        break;
      case 'ArrowLeft':
        if (node.expanded) size.toggle(node.key, false);
        else {
          const parent = node.key.slice(0, node.key.lastIndexOf('/'));
          const at = nodes.findIndex((candidate) => candidate.key === parent);
          if (at >= 0) move(at);
        }
        break;
      case 'Enter':
        open(node);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      class="referrers-tree"
      role="tree"
      aria-label="Who calls and refers to the function"
      tabIndex={0}
      aria-activedescendant={nodes[position] ? `ref-${nodes[position].key}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="referrers"
      data-state={root.state}
    >
      {nodes.map((node, i) => (
        <div
          key={node.key}
          id={`ref-${node.key}`}
          class="tree-row"
          role="treeitem"
          aria-level={node.level}
          aria-expanded={node.func === null ? undefined : node.expanded}
          aria-selected={i === position}
          style={{ '--indent': `${8 + (node.level - 1) * 16}px` }}
          data-testid="referrer"
          data-kind={node.kind}
          onMouseDown={() => (size.treeSelected.value = node.key)}
          onDblClick={() => open(node)}
        >
          <span
            class="tree-toggle"
            aria-hidden="true"
            onClick={(event) => {
              event.stopPropagation();
              if (node.func !== null) size.toggle(node.key);
            }}
          >
            {node.func === null ? '' : node.expanded ? '▾' : '▸'}
          </span>
          <span class="label">{node.label}</span>
        </div>
      ))}
    </div>
  );
}
