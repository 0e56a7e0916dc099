/**
 * What a terminal shows of what is written to it: enough of a VT100 for the codes cli-progress and Node's
 * readline send (cursor to a column, clear a line or what is right of the cursor or below it, save and restore
 * the cursor, hide and show it, line wrap off and on). A line break is a carriage return too, as the terminal
 * driver makes it (onlcr). The screen never scrolls: lines below the last simply add up.
 */
export interface TerminalScreen {
  /** The lines shown, as written (a space that wrapped ends its line), trailing empty lines dropped. */
  lines(): string[];
  cursorVisible: boolean;
  lineWrap: boolean;
}

const CODE = /\u001b\[\??[0-9;]*[A-Za-z]|\u001b[78]|[^\u001b]/gsu;

export function renderScreen(output: string, columns: number): TerminalScreen {
  const rows: string[][] = [[]];
  let row = 0;
  let column = 0;
  let saved = { row: 0, column: 0 };
  const screen = { cursorVisible: true, lineWrap: true };
  const line = (at: number) => {
    while (rows.length <= at) rows.push([]);
    return rows[at] as string[];
  };
  for (const [code] of output.matchAll(CODE)) {
    if (code === '\n') {
      row += 1;
      column = 0;
    } else if (code === '\r') column = 0;
    else if (code === '\u001b7') saved = { row, column };
    else if (code === '\u001b8') ({ row, column } = saved);
    else if (code.startsWith('\u001b[')) {
      const params = code.slice(2, -1);
      const command = code.at(-1);
      if (params === '?25') screen.cursorVisible = command === 'h';
      else if (params === '?7') screen.lineWrap = command === 'h';
      else if (command === 'G') column = Number(params || 1) - 1;
      else if (command === 'K' && params === '2') line(row).length = 0;
      else if (command === 'K') line(row).splice(column);
      else if (command === 'J') {
        line(row).splice(column);
        rows.length = row + 1;
      }
    } else {
      if (column >= columns) {
        if (screen.lineWrap) {
          row += 1;
          column = 0;
        } else column = columns - 1;
      }
      const cells = line(row);
      while (cells.length < column) cells.push(' ');
      cells[column] = code;
      column += 1;
    }
  }
  const lines = rows.map((cells) => cells.join(''));
  while (lines.at(-1) === '') lines.pop();
  return { lines: () => lines, ...screen };
}

/** A terminal `columns` wide for stderr (a TTY stream, as cli-progress and readline use it), and what it shows. */
export function fakeTerminal(columns = 80): { stream: NodeJS.WriteStream; screen: () => TerminalScreen } {
  const writes: string[] = [];
  const stream = {
    isTTY: true,
    columns,
    write(chunk: string) {
      writes.push(String(chunk));
      return true;
    },
    on() {},
    removeListener() {},
  } as unknown as NodeJS.WriteStream;
  return { stream, screen: () => renderScreen(writes.join(''), columns) };
}
