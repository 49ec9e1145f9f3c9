/** How the Features tab words support cells and verdicts. */
import type { RuntimeVerdict, Support } from '../../state/index.ts';

/** A cell of the by-feature table: `91`, `flag`, `no`, `yes`, `n/a`. */
export function supportCellText(support: Support): string {
  switch (support.kind) {
    case 'version':
      return support.version;
    case 'yes':
      return 'yes';
    case 'flag':
      return 'flag';
    case 'no':
      return 'no';
    case 'n/a':
      return 'n/a';
  }
}

/** The tooltip of a cell: its note, or what it means. */
export function supportCellTooltip(runtime: string, support: Support): string {
  if (support.note) return support.note;
  switch (support.kind) {
    case 'version':
      return `${runtime} ${support.version} and later`;
    case 'yes':
      return `Supported by ${runtime}; the table records no version`;
    case 'flag':
      return `${runtime} supports it only behind a flag`;
    case 'no':
      return `${runtime} does not support it`;
    case 'n/a':
      return `Does not apply to ${runtime}`;
  }
}

/** The "first version" column of the compatibility table. */
export function verdictText(verdict: RuntimeVerdict): string {
  switch (verdict.kind) {
    case 'version':
      return verdict.unrecorded.length > 0 ? `${verdict.version} or later` : verdict.version;
    case 'flag':
      return 'Behind a flag';
    case 'unsupported':
      return 'Not supported';
  }
}
