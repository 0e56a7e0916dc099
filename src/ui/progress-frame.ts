/**
 * The progress bar's line, fitted to the terminal's width. cli-progress turns the terminal's line wrap off while
 * it draws, so whatever passes the right edge is lost: a frame of 104 to 115 characters showed, on 80 columns,
 * neither the failed count, nor the rate, nor the ETA. Pure: the width comes in, a line goes out.
 */
import cliProgress from 'cli-progress';
import { shortened } from '../util/whole-characters.js';

export interface FrameFields {
  /** The share of the file done, 0 to 1. */
  share: number;
  /** `2,250 rows` */
  rows: string;
  /** `2,240 ok · 5 invalid · 5 failed`: what the rows came to, never left out. */
  tally: string;
  /** `1,234 rows/s` */
  rate: string;
  /** `ETA 13s`, or `ETA …` while unknown */
  eta: string;
}

type Field = 'percentage' | keyof Omit<FrameFields, 'share'>;

/** The fields in the order they are shown. */
const SHOWN: readonly Field[] = ['percentage', 'rows', 'tally', 'rate', 'eta'];
/**
 * The fields by what they tell, most first: the rows done are the tally's sum, the percentage what the ETA says
 * another way. Where the line cannot hold them all, each is shown if it fits beside those before it.
 */
const BY_USE: readonly Field[] = ['tally', 'eta', 'rate', 'rows', 'percentage'];

/** zcust's bar has always been drawn in this preset's shades. */
const { barCompleteChar, barIncompleteChar } = cliProgress.Presets.shades_classic;
const WIDEST_BAR = 40;
/** Narrower, a bar says less than the percentage beside it, in more room. */
const NARROWEST_BAR = 10;

function drawnBar(share: number, size: number): string {
  const done = Math.round(share * size);
  return barCompleteChar.repeat(done) + barIncompleteChar.repeat(size - done);
}

/**
 * The frame for a terminal `columns` wide: the bar narrows first (down to NARROWEST_BAR), then goes, then the
 * fields go, the least useful first (see BY_USE); the tally never does, cut at the edge as a last resort. The
 * last column stays free: with line wrap off, the clear-to-end-of-line that follows each frame would erase it.
 */
export function progressFrame(fields: FrameFields, columns: number): string {
  const width = Math.max(1, columns - 1);
  const share = Math.min(1, Math.max(0, fields.share));
  const text: Record<Field, string> = { ...fields, percentage: `${Math.floor(share * 100)}%` };
  const line = (shown: ReadonlySet<Field>) =>
    SHOWN.filter((field) => shown.has(field) && text[field] !== '')
      .map((field) => text[field])
      .join(' | ');
  if (text.tally.length > width) return shortened(text.tally, width - 1);
  const shown = new Set<Field>();
  for (const field of BY_USE) {
    shown.add(field);
    if (line(shown).length > width) shown.delete(field);
  }
  const fitted = line(shown);
  const barRoom = width - fitted.length - 1;
  const whole = shown.size === SHOWN.length;
  return whole && barRoom >= NARROWEST_BAR
    ? `${drawnBar(share, Math.min(WIDEST_BAR, barRoom))} ${fitted}`
    : fitted;
}
