import { AppError, invalid } from '../common/errors/app-error';
import { parseBankXml } from './xml-input';
import { validateAgainstDeclaredSchema } from './xml-schema';
import { readStatusReport, StatusReportError, type StatusReport } from './domain/pain002';

/** The media types a bank's pain.002 status report is accepted in. */
export const STATUS_REPORT_CONTENT_TYPES = ['application/xml', 'text/xml'];

/** The pain.002 versions read, each with its schema under vendor/sepa/. */
export const STATUS_REPORT_SCHEMAS: Readonly<Record<string, string>> = {
  'pain.002.001.03': 'pain002/pain.002.001.03.xsd',
  'pain.002.001.10': 'pain002/pain.002.001.10.xsd',
};

/** Parses the report, checked against the schema of the version it declares, or says as a 400 naming the body why it cannot be read. */
export async function parseStatusReport(body: unknown): Promise<StatusReport> {
  if (body === undefined || (Buffer.isBuffer(body) && body.length === 0)) {
    throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [
      { name: 'body', reason: 'is empty: send the pain.002 document as the body (curl --data-binary @pain002.xml; check that the file exists)' },
    ]);
  }
  if (!Buffer.isBuffer(body)) {
    throw new AppError('unsupported_media_type', 'PAYMENT.STATUS_REPORT_TYPE', `A status report is sent as its XML document (${STATUS_REPORT_CONTENT_TYPES.join(' or ')}).`);
  }
  const text = body.toString('utf8');
  const doc = parseBankXml(text, 'PAYMENT.MALFORMED_STATUS_REPORT');
  await validateAgainstDeclaredSchema(text, STATUS_REPORT_SCHEMAS, 'PAYMENT.MALFORMED_STATUS_REPORT');
  try {
    return readStatusReport(doc);
  } catch (err) {
    if (err instanceof StatusReportError) throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: err.message }]);
    throw err;
  }
}
