/** The button that shows or hides the sidebar (in the sidebar's header, or the tab strip when hidden). */
import { Icon, useStore } from '../common/index.ts';

/** Renders the toggle. */
export function SidebarToggle() {
  const { ui } = useStore();
  const open = ui.sidebarOpen.value;
  return (
    <button
      class="toolbar-button"
      aria-pressed={open}
      aria-label={open ? 'Hide sidebar' : 'Show sidebar'}
      title={open ? 'Hide sidebar' : 'Show sidebar'}
      onClick={() => (ui.sidebarOpen.value = !open)}
      data-testid="sidebar-toggle"
    >
      <Icon name="sidebar" />
    </button>
  );
}
