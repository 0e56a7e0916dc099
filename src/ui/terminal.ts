import isInteractive from 'is-interactive';

/**
 * Whether `stream` is a terminal that can draw the progress bar: a TTY, but not TERM=dumb (an editor's shell)
 * nor a CI job's pseudo-terminal (CI set, as `docker run -t` gives), where the bar's cursor codes show as
 * garbage in the log. Elsewhere progress is plain lines.
 */
export function drawsBar(stream: NodeJS.WritableStream): boolean {
  return isInteractive({ stream: stream as NodeJS.WriteStream });
}
