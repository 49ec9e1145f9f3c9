/**
 * Hands the panel's store to the views (preact-devtools' pattern): `<StoreProvider>` at the
 * root, `useStore()` in any view. A view test renders its view inside a provider with a store
 * made for the test.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelStore } from '../../state/index.ts';

/** The context carrying the store. */
export const StoreContext = createContext<PanelStore | null>(null);

/** The store this view was rendered under. Throws when there is none (a wiring bug). */
export function useStore(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() outside <StoreContext.Provider>');
  return store;
}
