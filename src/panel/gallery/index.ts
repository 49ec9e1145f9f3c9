/**
 * The gallery: teaching examples kept as `.wat` files, each with what to look at and what to
 * try. Choosing one puts its text in the editor (`store.editor.load`) and opens its module.
 */
export {
  GALLERY_EXAMPLES,
  GALLERY_GROUPS,
  galleryExample,
  type GalleryExample,
  type GalleryGroup,
} from './examples.ts';
