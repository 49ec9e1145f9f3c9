/** The left sidebar: collapsible sections of module sources, and the capture status line. */
import { signal } from '@preact/signals';
import { Icon, useStore } from '../common/index.ts';
import { SIDEBAR_SECTIONS } from './sidebar-sections.ts';
import { SidebarToggle } from './SidebarToggle.tsx';

const collapsed = signal<ReadonlySet<string>>(new Set());

function toggle(id: string): void {
  const next = new Set(collapsed.value);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  collapsed.value = next;
}

/** Renders the sidebar. */
export function Sidebar() {
  const store = useStore();
  const sections = SIDEBAR_SECTIONS.filter((section) => section.available(store));
  return (
    <nav class="sidebar" aria-label="Module sources" data-testid="sidebar">
      <div class="toolbar">
        <SidebarToggle />
        <span class="toolbar-title">Sources</span>
      </div>
      <div class="sidebar-scroll">
        {sections.map((section) => {
          const isCollapsed = collapsed.value.has(section.id);
          const Body = section.component;
          return (
            <div key={section.id} class="sidebar-section" data-section={section.id}>
              <button
                class="section-header"
                aria-expanded={!isCollapsed}
                onClick={() => toggle(section.id)}
              >
                <Icon name={isCollapsed ? 'chevronRight' : 'chevronDown'} />
                <span class="grow">{section.title}</span>
              </button>
              {isCollapsed ? null : <Body />}
            </div>
          );
        })}
      </div>
    </nav>
  );
}
