/**
 * Text as one word a POSIX shell reads back unchanged, for a command a message asks the user to paste: as it is
 * when it holds nothing a shell reads, else in single quotes (inside which nothing is read but the quote itself,
 * written '\'' ). Double quotes would still expand `$HOME`, backquotes and, in bash, `!`.
 */
const PLAIN = /^[\w@%+=:,./-]+$/;

export function shellWord(text: string): string {
  return PLAIN.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A path as a word for a command's argument: one that starts with `-` is written `./-…`, which names the same
 * file, or the command takes it for options (jq wrote its usage into the file it was to write; mv refused).
 */
export const shellPath = (path: string): string => shellWord(path.startsWith('-') ? `./${path}` : path);

/** `mkdir -p DIR && mv FROM TO`, each path a word the shell reads back as it is: a command a message advises. */
export const moveCommand = (folder: string, from: string, to: string): string =>
  `mkdir -p ${shellPath(folder)} && mv ${shellPath(from)} ${shellPath(to)}`;
