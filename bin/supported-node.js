/**
 * The Node.js versions zcust runs on, checked before anything else loads, in plain JavaScript: on an older Node,
 * loading zcust itself may fail with an error that names no version. Node 20 from undici 7's floor (20.18.1);
 * Node 21 from 21.7.0, where crypto.hash, which the journal uses, came to it (21.0 to 21.6 ended in an internal
 * error); every later major. package.json's "engines" says the same range.
 */
const OLDEST = { 20: '20.18.1', 21: '21.7.0' };
export const NODE_RANGE = `^${OLDEST[20]} || >=${OLDEST[21]}`;

const parts = (version) => version.split('.').map(Number);

/** Whether version a comes before version b. */
function before(a, b) {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** Why `version` (process.versions.node) cannot run zcust, or undefined when it can. */
export function unsupportedNode(version) {
  const major = parts(version)[0] ?? 0;
  const oldest = OLDEST[major];
  if (major > 21 || (oldest !== undefined && !before(version, oldest))) return undefined;
  return `zcust needs Node.js ${OLDEST[20]} or later (${OLDEST[21]} or later on Node 21); this is ${version} (see node --version)`;
}
