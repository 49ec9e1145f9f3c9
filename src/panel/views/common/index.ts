/** Building blocks every view uses: the store context, virtual rows, grids, tabs, icons, formatting. */
export { StoreContext, useStore } from './store-context.ts';
export {
  VirtualRows,
  MAX_SCROLL_PX,
  type VirtualRowsHandle,
  type VirtualRowsProps,
} from './VirtualRows.tsx';
export { DataGrid, type Column, type DataGridProps } from './DataGrid.tsx';
export { HexView, byteValues, type HexViewProps } from './HexView.tsx';
export { Tabs, type TabItem, type TabsProps } from './Tabs.tsx';
export { Icon, type IconName } from './Icon.tsx';
export { Message, Progress } from './Messages.tsx';
export { formatBytes, formatCount, hex, padHex, percent } from './format.ts';
