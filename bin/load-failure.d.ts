/** Types of load-failure.js, which src/own-code-unloadable.ts shares with bin/zcust.js. */
export function loadFailure(error: unknown): string | undefined;
