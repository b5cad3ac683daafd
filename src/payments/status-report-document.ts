import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, invalid } from '../common/errors/app-error';
import { readStatusReport, StatusReportError, type StatusReport } from './domain/pain002';

/** The media types a bank's pain.002 status report is accepted in. */
export const STATUS_REPORT_CONTENT_TYPES = ['application/xml', 'text/xml'];

/** Parses the report or says, as a 400 naming the body, why it cannot be read. */
export function parseStatusReport(body: unknown): StatusReport {
  if (body === undefined || (Buffer.isBuffer(body) && body.length === 0)) {
    throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [
      { name: 'body', reason: 'is empty: send the pain.002 document as the body (curl --data-binary @pain002.xml; check that the file exists)' },
    ]);
  }
  if (!Buffer.isBuffer(body)) {
    throw new AppError('unsupported_media_type', 'PAYMENT.STATUS_REPORT_TYPE', `A status report is sent as its XML document (${STATUS_REPORT_CONTENT_TYPES.join(' or ')}).`);
  }
  const text = body.toString('utf8');
  // No DTDs: entities are the classic XML attack, and pain.002 has none.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: 'must not contain a DOCTYPE or entity declarations' }]);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` }]);
  }
  const doc = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, processEntities: false, ignoreDeclaration: true }).parse(text);
  try {
    return readStatusReport(doc);
  } catch (err) {
    if (err instanceof StatusReportError) throw invalid('PAYMENT.MALFORMED_STATUS_REPORT', [{ name: 'body', reason: err.message }]);
    throw err;
  }
}
