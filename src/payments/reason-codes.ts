import * as fs from 'node:fs';
import { vendorFile } from '../config/vendor-files';

let table: Map<string, string> | null = null;

/** One CSV line: fields, some in double quotes (with "" for a quote). */
function fields(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
  return out;
}

/**
 * The ISO 20022 meaning of a bank's status or return reason code ("AC04 ClosedAccountNumber:
 * Account number specified has been closed …"), from vendor/iso20022/ExternalStatusReason1Code.csv;
 * null for a code the table does not list.
 */
export function reasonMeaning(code: string | null): string | null {
  if (!code) return null;
  if (!table) {
    const lines = fs.readFileSync(vendorFile('iso20022', 'ExternalStatusReason1Code.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    table = new Map(lines.map((l) => fields(l)).map(([c, name, definition]) => [c, `${name}: ${definition}`]));
  }
  return table.get(code) ?? null;
}
