import type { FastifyReply } from 'fastify';
import { writeCsv, type CsvCell } from '../common/csv/csv';
import { CSV_TYPE, preferredType, XLSX_TYPE } from '../common/http/negotiate';
import { writeXlsx, type XlsxCell } from '../common/xlsx/xlsx';
import { UTILISATION_FIGURES } from './domain/utilisation';
import type { BatchRow } from './persistence/batch.repository';
import type { ReconciliationDto } from './payments.dto';
import type { UtilisationReportDto } from './utilisation.dto';
import { formatAmount } from '../common/money/money';

const JSON_TYPE = 'application/json';
export const REPORT_TYPES = [JSON_TYPE, CSV_TYPE, XLSX_TYPE] as const;

/** Sends a report in the type the client asked for (`Accept`), JSON by default. */
export async function negotiated<T>(
  reply: FastifyReply,
  accept: string | undefined,
  name: string,
  json: T,
  csv: () => string | Promise<string>,
  xlsx?: () => Promise<Buffer>,
): Promise<T | string | Buffer> {
  reply.header('vary', 'Accept');
  const type = preferredType(accept, xlsx ? REPORT_TYPES : [JSON_TYPE, CSV_TYPE]);
  if (type === CSV_TYPE) return csvReply(reply, name, await csv());
  if (type === XLSX_TYPE && xlsx) {
    reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${name}.xlsx"`);
    return xlsx();
  }
  return json;
}

/** Sends CSV text as a download named `name`.csv (the caller has chosen CSV by `Accept`). */
export function csvReply(reply: FastifyReply, name: string, text: string): string {
  reply.header('vary', 'Accept').type(`${CSV_TYPE}; charset=utf-8`).header('content-disposition', `attachment; filename="${name}.csv"`);
  return text;
}

/** A report as a table: the header, then rows whose amounts are "1234.56" strings. */
export interface ReportTable {
  header: string[];
  /** Indexes of the columns that hold amounts (numbers in a spreadsheet). */
  amounts: ReadonlySet<number>;
  rows: CsvCell[][];
}

const UTILISATION_HEADER = ['scheme_code', 'window_code', 'budget_line_code', 'budget_line_name', 'region', 'year', ...UTILISATION_FIGURES];

/** The utilisation report as a table, its totals as the last row (`TOTAL` in the first column). */
export function utilisationTable(report: UtilisationReportDto): ReportTable {
  const rows: CsvCell[][] = report.rows.map((r) => [r.schemeCode, r.windowCode, r.budgetLineCode, r.budgetLineName, r.region, r.year, ...UTILISATION_FIGURES.map((k) => r[k])]);
  rows.push(['TOTAL', null, null, null, null, null, ...UTILISATION_FIGURES.map((k) => report.totals[k])]);
  return { header: UTILISATION_HEADER, amounts: new Set(UTILISATION_FIGURES.map((_, i) => 6 + i)), rows };
}

/** As CSV through the one writer (UTF-8 with BOM; formulas escaped). */
export function tableCsv(table: ReportTable, options: { header?: boolean; bom?: boolean } = { header: true, bom: true }): string {
  return writeCsv(options.header === false ? table.rows : [table.header, ...table.rows], { bom: options.bom });
}

/** As an XLSX workbook of one sheet: text as text, amounts as numbers with two decimals. */
export function tableXlsx(sheetName: string, table: ReportTable): Promise<Buffer> {
  const cells: XlsxCell[][] = table.rows.map((row) =>
    row.map((cell, i): XlsxCell => {
      if (cell === null || cell === undefined || cell === '') return null;
      if (table.amounts.has(i)) return { amount: String(cell) };
      return typeof cell === 'number' ? cell : String(cell);
    }),
  );
  return writeXlsx(sheetName, [table.header, ...cells]);
}

const RECONCILIATION_FIGURES = ['decided', 'scheduled', 'paid', 'inBatch', 'failed', 'pending', 'recoveryClaimed', 'recoveryOpen', 'outstanding'] as const;

/** Every decision's reconciliation line (not a page), then a TOTAL row. */
export function reconciliationTable(report: Omit<ReconciliationDto, 'links'>): ReportTable {
  const codes = new Map(report.perScheme.map((s) => [s.schemeId, s.schemeCode]));
  const rows: CsvCell[][] = report.perDecision.map((l) => [codes.get(l.schemeId) ?? '', l.commitmentKey, l.kind, l.organisationId, l.applicationId, l.label, ...RECONCILIATION_FIGURES.map((k) => l[k])]);
  rows.push(['TOTAL', null, null, null, null, null, ...RECONCILIATION_FIGURES.map((k) => report.total[k])]);
  return { header: ['scheme_code', 'commitment_key', 'kind', 'organisation_id', 'application_id', 'label', ...RECONCILIATION_FIGURES], amounts: new Set(RECONCILIATION_FIGURES.map((_, i) => 6 + i)), rows };
}

export const BATCH_CSV_HEADER = ['number', 'id', 'status', 'built_on', 'due_until', 'count', 'total', 'debtor_iban', 'message_id', 'built_by', 'approved_by', 'sent_at', 'booked_at', 'failure_code'];

/** Batches as CSV rows (the columns of `BATCH_CSV_HEADER`). */
export function batchCsvRows(rows: readonly BatchRow[]): CsvCell[][] {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((b) => [
    b.number,
    b.id,
    b.status,
    b.built_on,
    b.due_until,
    b.instruction_count,
    formatAmount(BigInt(b.total_cents)),
    b.debtor_iban,
    b.message_id,
    b.built_by,
    [b.first_approved_by, b.second_approved_by].filter(Boolean).join('; '),
    iso(b.sent_at),
    iso(b.booked_at),
    b.failure_code,
  ]);
}

/** The header of a CSV streamed in parts, with the byte-order mark. */
export function writeCsvHeader(header: readonly string[]): string {
  return writeCsv([header], { bom: true });
}

/** A later part of a CSV streamed in parts (no byte-order mark). */
export function writeCsvRows(rows: readonly (readonly CsvCell[])[]): string {
  return rows.length ? writeCsv(rows) : '';
}
