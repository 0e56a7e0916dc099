/**
 * The folder zcust is installed in (package.json, api/), found from this module, which sits one folder below
 * it wherever it runs: in src/ (under the test runner), in tsc's per-module build (dist-modules/) and in the
 * bundle (dist/, whose files are all at its top). A module deeper in src/ would be at a different depth from
 * the root than the bundle's chunk it ends up in, so files beside the package are found from here.
 */
export const PACKAGE_ROOT: URL = new URL('..', import.meta.url);
