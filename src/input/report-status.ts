/**
 * A report's zcust_status read back. The statuses zcust writes are taken in any case (a spreadsheet may have
 * upper-cased CREATED); any other value (done, ok) says nothing zcust can act on, so the row is read as a row
 * to import, and that is said once, naming the rows and the statuses zcust knows: silently, an edited
 * "created" row would be sent again without a word and its zcust_customer_id would vanish from the next report.
 */
import { STATUSES, type Status } from '../model.js';
import { formatCount } from '../util/counts.js';
import { CappedNames, describeNames } from './name-list.js';

/** Rows named in the warning; the rest are counted. */
const MAX_LISTED_ROWS = 10;

const STATUS_BY_LOWER: ReadonlyMap<string, Status> = new Map(STATUSES.map((s) => [s, s]));

export class ReportStatuses {
  private readonly values = new CappedNames();
  private readonly rows: number[] = [];
  private rowsPastList = 0;

  /** The status a cell holds (any case), or undefined, noting the row, when it holds one zcust does not write. */
  read(cell: string, row: number): Status | undefined {
    const status = STATUS_BY_LOWER.get(cell.toLowerCase());
    if (status === undefined) {
      this.values.add(cell);
      if (this.rows.length < MAX_LISTED_ROWS) this.rows.push(row);
      else this.rowsPastList += 1;
    }
    return status;
  }

  /** The warning, once rows with statuses zcust does not know have been read. */
  get note(): string | undefined {
    if (this.rows.length === 0) return undefined;
    const more = this.rowsPastList > 0 ? ` and ${formatCount(this.rowsPastList)} more` : '';
    const rows = `${this.rows.length + this.rowsPastList === 1 ? 'row' : 'rows'} ${this.rows.join(', ')}${more}`;
    return `zcust_status holds ${describeNames(this.values.list)} on ${rows}, which is not a status zcust writes (${STATUSES.join(', ')}; in any case): read as rows to import, without their zcust_customer_id`;
  }
}
