/**
 * The sidebar's sections, in order. A section is a title and a component; `available` leaves
 * it out where it makes no sense (page capture on the standalone page). New sources of modules
 * add themselves here.
 */
import type { ComponentType } from 'preact';
import type { PanelStore } from '../../state/index.ts';
import { EditorSection } from '../editor/EditorSection.tsx';
import { GallerySection } from '../gallery/GallerySection.tsx';
import { PageModules } from '../sources/PageModules.tsx';

/** One sidebar section. */
export interface SidebarSection {
  id: string;
  title: string;
  component: ComponentType;
  available(store: PanelStore): boolean;
}

/** The sections, top to bottom. */
export const SIDEBAR_SECTIONS: SidebarSection[] = [
  {
    id: 'page',
    title: 'Page',
    component: PageModules,
    available: (store) => store.capture !== null,
  },
  { id: 'editor', title: 'Editor', component: EditorSection, available: () => true },
  { id: 'gallery', title: 'Gallery', component: GallerySection, available: () => true },
];
