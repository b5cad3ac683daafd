import { ApplicationRecord } from './persistence/application.entity';

export const INT_MAX = 2147483647;
export const isRealDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export interface SortKey {
  /** The column, with unsubmitted drafts (no value) given `none` so that they come last in either direction. */
  expr: (none: string) => string;
  none: { asc: string; desc: string };
  cast: string;
  value: (r: ApplicationRecord) => string | null;
  /** Whether a cursor value can be this key's: checked before it reaches SQL, so a forged cursor is a 400. */
  fits: (v: string) => boolean;
}

/** Sort keys with a total order (the id breaks ties). */
export const SORTS: Record<string, SortKey> = {
  receiptNumber: {
    expr: (none) => `COALESCE(a.receipt_number, ${none})`,
    none: { asc: String(INT_MAX), desc: '-1' },
    cast: 'integer',
    value: (r) => (r.receiptNumber === null ? null : String(r.receiptNumber)),
    fits: (v) => /^-?\d{1,10}$/.test(v) && Number(v) >= -1 && Number(v) <= INT_MAX,
  },
  requestedAmount: {
    expr: () => 'a.requested_cents',
    none: { asc: '', desc: '' },
    cast: 'bigint',
    value: (r) => r.requestedCents.toString(),
    fits: (v) => /^\d{1,18}$/.test(v),
  },
  decisionDueOn: {
    expr: (none) => `COALESCE(a.decision_due_on, DATE '${none}')`,
    none: { asc: '9999-12-31', desc: '0001-01-01' },
    cast: 'date',
    value: (r) => r.decisionDueOn,
    fits: isRealDate,
  },
  createdAt: {
    expr: () => 'a.created_at',
    none: { asc: '', desc: '' },
    cast: 'timestamptz',
    value: (r) => r.createdAt.toISOString(),
    fits: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && isRealDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
  },
};
