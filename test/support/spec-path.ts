/**
 * Where the Zenskar OpenAPI slice is read from in tests: the shared copy beside the project (../shared, as
 * developers and CI have it) when it exists, else the copy vendored in api/ and shipped with the package.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = 'zenskar-create-customer.openapi.yaml';
export const SHARED_SLICE = fileURLToPath(new URL(`../../../shared/api/${FILE}`, import.meta.url));
export const VENDORED_SLICE = fileURLToPath(new URL(`../../api/${FILE}`, import.meta.url));
export const SLICE_PATH = existsSync(SHARED_SLICE) ? SHARED_SLICE : VENDORED_SLICE;
