import { createHash } from 'node:crypto';
import { AppError, invalid } from '../common/errors/app-error';
import { BankStatementError, readBankStatement, type BankStatement } from './domain/camt';
import { parseBankXml } from './xml-input';
import { validateAgainstDeclaredSchema } from './xml-schema';

/** The media types a bank statement or notification is accepted in. */
export const BANK_STATEMENT_CONTENT_TYPES = ['application/xml', 'text/xml'];

/** The camt versions read, each with its schema under vendor/sepa/. */
export const BANK_STATEMENT_SCHEMAS: Readonly<Record<string, string>> = {
  'camt.053.001.02': 'camt/camt.053.001.02.xsd',
  'camt.053.001.08': 'camt/camt.053.001.08.xsd',
  'camt.054.001.02': 'camt/camt.054.001.02.xsd',
  'camt.054.001.08': 'camt/camt.054.001.08.xsd',
};

const malformed = (reason: string) => invalid('BANK_STATEMENT.MALFORMED', [{ name: 'body', reason }]);

/** Parses a camt.053/.054, checked against the schema of the version it declares, or says as a 400 naming the body why it cannot be read. */
export async function parseBankStatement(body: unknown): Promise<{ statement: BankStatement; version: string; sha256: string }> {
  if (body === undefined || (Buffer.isBuffer(body) && body.length === 0)) {
    throw malformed('is empty: send the camt.053 or camt.054 document as the body (curl --data-binary @camt053.xml; check that the file exists)');
  }
  if (!Buffer.isBuffer(body)) {
    throw new AppError('unsupported_media_type', 'BANK_STATEMENT.TYPE', `A bank statement is sent as its XML document (${BANK_STATEMENT_CONTENT_TYPES.join(' or ')}).`);
  }
  const text = body.toString('utf8');
  const doc = parseBankXml(text, 'BANK_STATEMENT.MALFORMED');
  const version = await validateAgainstDeclaredSchema(text, BANK_STATEMENT_SCHEMAS, 'BANK_STATEMENT.MALFORMED');
  try {
    const statement = readBankStatement(doc);
    if (!version.startsWith(statement.kind)) throw new BankStatementError(`declares ${version} but holds a ${statement.kind}`);
    return { statement, version, sha256: createHash('sha256').update(body).digest('hex') };
  } catch (err) {
    if (err instanceof BankStatementError) throw malformed(err.message);
    throw err;
  }
}
