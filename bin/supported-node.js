/**
 * The oldest Node.js zcust runs on: undici 7's floor, as package.json's "engines" says. Checked before anything
 * else loads, in plain JavaScript: on an older Node, loading zcust itself may fail with an error that names no
 * version (crypto.hash is missing before 20.12).
 */
export const OLDEST_NODE = '20.18.1';

/** Why `version` (process.versions.node) cannot run zcust, or undefined when it can. */
export function unsupportedNode(version) {
  const given = version.split('.').map(Number);
  const oldest = OLDEST_NODE.split('.').map(Number);
  for (let i = 0; i < oldest.length; i++) {
    if ((given[i] ?? 0) > oldest[i]) return undefined;
    if ((given[i] ?? 0) < oldest[i]) {
      return `zcust needs Node.js ${OLDEST_NODE} or later; this is ${version} (see node --version)`;
    }
  }
  return undefined;
}
