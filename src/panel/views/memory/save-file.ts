/**
 * Offering bytes to the user as a file. The Memory view takes the environment's way of saving
 * as a prop; without one it clicks a download link, which works in the DevTools panel (an
 * extension page) and on the standalone page alike.
 */

/** Offers `blob` to the user as a file named `name`. */
export type SaveFile = (blob: Blob, name: string) => void;

/** Saves through a link to the blob, clicked; the URL is revoked once the download began. */
export const saveWithLink: SaveFile = (blob, name) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
