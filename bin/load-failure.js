/**
 * Why dist/cli.js would not load, said as what to do. Out of file descriptors (a low `ulimit -n`: Node opens
 * the bundle's chunks all at once) is the usual cause and not zcust's to mend; anything else is an install
 * missing or damaged.
 */
const OUT_OF_DESCRIPTORS = {
  EMFILE: 'too many open files (EMFILE): raise the limit, e.g. ulimit -n 1024',
  ENFILE: "the system's table of open files is full (ENFILE): close some programs and try again",
};

/** The one line a user is told (after `zcust: error: `). */
export function loadFailure(error) {
  const fix = OUT_OF_DESCRIPTORS[error?.code];
  if (fix !== undefined) return `cannot start: ${fix}`;
  const said = String(error?.message ?? error).split('\n')[0];
  return `cannot load zcust's code (${said}): reinstall (npm ci)`;
}
