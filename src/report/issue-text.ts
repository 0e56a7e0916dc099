import type { Issue } from '../model.js';

/** How an issue reads for a person: `Country Code: "USA" is not …`, or the bare message for whole-row issues. */
export function issueText(issue: Issue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}
