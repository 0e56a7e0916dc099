const numberFormat = new Intl.NumberFormat('en-US');

/** "1 row", "2 rows", "1,500 rows". */
export const plural = (n: number, word: string): string =>
  `${numberFormat.format(n)} ${word}${n === 1 ? '' : 's'}`;
