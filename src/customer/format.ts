/** The one-line form of an issue that users read on stderr and in logs: `row 7: Country Code: message`. */
import type { Issue } from '../model.js';

export function formatIssue(row: number, issue: Issue): string {
  return issue.field ? `row ${row}: ${issue.field}: ${issue.message}` : `row ${row}: ${issue.message}`;
}
