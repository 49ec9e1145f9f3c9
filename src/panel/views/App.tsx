/** The panel's root view. */
import { ModuleList } from './ModuleList.tsx';
import { StatusLine } from './StatusLine.tsx';

/** Status line above the module list. */
export function App() {
  return (
    <main>
      <StatusLine />
      <ModuleList />
    </main>
  );
}
