/** Numbers as messages write them: "1,500", "1 row", "2 rows". */
const numberFormat = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => numberFormat.format(n);

export const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
