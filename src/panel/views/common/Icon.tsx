/**
 * The few icons the panel uses, as inline SVG paths (Material Symbols' shapes at 16 px, as
 * DevTools uses), so they follow `currentColor` in both themes and need no requests.
 */
const PATHS = {
  sidebar: 'M2 3h12v10H2zM3 4v8h3V4zm4 0v8h6V4z',
  open: 'M2 3h5l1.5 1.5H14V13H2zm1 2.5V12h10V5.5z',
  close: 'M4.3 3.6 8 7.3l3.7-3.7.7.7L8.7 8l3.7 3.7-.7.7L8 8.7l-3.7 3.7-.7-.7L7.3 8 3.6 4.3z',
  back: 'M10.5 3.5 6 8l4.5 4.5-.7.7L4.6 8l5.2-5.2z',
  forward: 'M5.5 3.5 10 8l-4.5 4.5.7.7L11.4 8 6.2 2.8z',
  download: 'M7.5 2h1v7.3l2.6-2.6.7.7L8 11.2 4.2 7.4l.7-.7 2.6 2.6zM3 12h10v1H3z',
  search:
    'M6.5 2a4.5 4.5 0 0 1 3.6 7.2l3.6 3.6-.7.7-3.6-3.6A4.5 4.5 0 1 1 6.5 2zm0 1a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z',
  play: 'M5 3v10l8-5z',
  stop: 'M4 4h8v8H4z',
  clear:
    'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2zm0 1a5 5 0 0 0-3.9 8.1l7-7A5 5 0 0 0 8 3zm3.9 1.9-7 7A5 5 0 0 0 11.9 4.9z',
  chevronRight: 'M6 4l4 4-4 4z',
  chevronDown: 'M4 6h8l-4 4z',
  file: 'M4 2h5l3 3v9H4zm1 1v10h6V5.5H8.5V3z',
  frame: 'M2 3h12v10H2zm1 2v7h10V5z',
  worker: 'M8 2l5 3v6l-5 3-5-3V5zm0 1.2L4 5.5v5l4 2.3 4-2.3v-5z',
  code: 'M5.5 4.5 2 8l3.5 3.5.7-.7L3.4 8l2.8-2.8zm5 0-.7.7L12.6 8l-2.8 2.8.7.7L14 8z',
  error: 'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2zm-.6 3v4h1.2V5zm0 5v1.2h1.2V10z',
  warning: 'M8 2l6.5 11.5h-13zm-.6 4v3.6h1.2V6zm0 4.6v1.2h1.2v-1.2z',
  book: 'M3 2h8a2 2 0 0 1 2 2v10H5a2 2 0 0 1-2-2zm1 1v8.3c.3-.2.6-.3 1-.3h7V4a1 1 0 0 0-1-1zm1 9a1 1 0 0 0 0 2h7v-2z',
} as const;

/** An icon name. */
export type IconName = keyof typeof PATHS;

/** A 16 px icon in the current text colour. */
export function Icon({ name, title }: { name: IconName; title?: string }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden={title ? undefined : 'true'}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name]} />
    </svg>
  );
}
