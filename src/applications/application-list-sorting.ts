import type { ApplicationRecord } from './persistence/application.entity';
import type { ApplicationSortName } from './persistence/application.repository';

export const INT_MAX = 2147483647;
export const isRealDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** A sort key of the list (its SQL, `SORT_SQL`, stands in persistence/application.repository.ts). */
export interface SortKey {
  /** The value unsubmitted drafts (no value) sort by, so that they come last in either direction. */
  none: { asc: string; desc: string };
  value: (r: ApplicationRecord) => string | null;
  /** Whether a cursor value can be this key's: checked before it reaches SQL, so a forged cursor is a 400. */
  fits: (v: string) => boolean;
}

/** Sort keys with a total order (the id breaks ties). */
export const SORTS: Record<ApplicationSortName, SortKey> = {
  receiptNumber: {
    none: { asc: String(INT_MAX), desc: '-1' },
    value: (r) => (r.receiptNumber === null ? null : String(r.receiptNumber)),
    fits: (v) => /^-?\d{1,10}$/.test(v) && Number(v) >= -1 && Number(v) <= INT_MAX,
  },
  requestedAmount: {
    none: { asc: '', desc: '' },
    value: (r) => r.requestedCents.toString(),
    fits: (v) => /^\d{1,18}$/.test(v),
  },
  decisionDueOn: {
    none: { asc: '9999-12-31', desc: '0001-01-01' },
    value: (r) => r.decisionDueOn,
    fits: isRealDate,
  },
  createdAt: {
    none: { asc: '', desc: '' },
    value: (r) => r.createdAt.toISOString(),
    fits: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && isRealDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
  },
};
