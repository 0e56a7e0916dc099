/** Numbers as messages write them: "1,500", "1 row", "2 rows". */
const numberFormat = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => numberFormat.format(n);

/** `many` for words that do not just take an s: plural(2, 'try', 'tries'). */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${formatCount(n)} ${n === 1 ? word : many}`;

/** Rows a second, as the summary and the progress line show them: a tenth below 100 (0.3, 42.5), else whole (1,250). */
export function formatRate(rate: number): string {
  return rate < 100 ? rate.toFixed(1) : formatCount(Math.round(rate));
}
