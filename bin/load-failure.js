/**
 * Why dist/cli.js would not load, said as what to do, when the machine or the install is the cause: out of file
 * descriptors (a low `ulimit -n`: Node opens the bundle's chunks all at once), or a module missing (no dist, a
 * chunk or a dependency gone). Neither is zcust's to mend. Anything else thrown while its code loads (a TypeError
 * at a module's top level) is a bug in that code, and is told as one.
 */
const OUT_OF_DESCRIPTORS = {
  EMFILE: 'too many open files (EMFILE): raise the limit, e.g. ulimit -n 1024',
  ENFILE: "the system's table of open files is full (ENFILE): close some programs and try again",
};

// ERR_ for an ES module (a chunk of the bundle), without for a require (iconv-lite from node_modules).
const NOT_FOUND = ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'];

/** The one line a user is told (after `zcust: error: `); undefined when `error` is a bug, not such a cause. */
export function loadFailure(error) {
  const code = error?.code;
  if (Object.hasOwn(OUT_OF_DESCRIPTORS, code)) return `cannot start: ${OUT_OF_DESCRIPTORS[code]}`;
  if (!NOT_FOUND.includes(code)) return undefined;
  const said = String(error.message).split('\n')[0];
  return `cannot load zcust's code (${said}): reinstall (npm ci)`;
}
