import * as fs from 'node:fs';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { invalid } from '../common/errors/app-error';
import { vendorFile } from '../config/vendor-files';
import { documentNamespace } from './xml-input';

const ISO_NS = 'urn:iso:std:iso:20022:tech:xsd:';
const schemas = new Map<string, string>();

function schemaText(file: string): string {
  let text = schemas.get(file);
  if (text === undefined) {
    text = fs.readFileSync(vendorFile('sepa', file), 'utf8');
    schemas.set(file, text);
  }
  return text;
}

/**
 * Checks a bank's message against the ISO 20022 schema of the version its `Document` declares
 * (libxml2 compiled to WebAssembly, in this process: no xmllint binary needed). `accepted` maps
 * a message version (e.g. `pain.002.001.10`) to its XSD under vendor/sepa/. A version not in
 * it, or a document the schema refuses, is a 400 `code` naming the version or the first errors.
 * Returns the version.
 */
export async function validateAgainstDeclaredSchema(text: string, accepted: Readonly<Record<string, string>>, code: string): Promise<string> {
  const namespace = documentNamespace(text);
  const version = namespace?.startsWith(ISO_NS) ? namespace.slice(ISO_NS.length) : null;
  const known = Object.keys(accepted).join(', ');
  if (!version || !Object.hasOwn(accepted, version)) {
    throw invalid(code, [{ name: 'body', reason: namespace ? `declares ${namespace}, a version this service does not read (it reads ${known})` : `declares no ISO 20022 namespace on its Document element (send ${known})` }]);
  }
  const problems = await schemaProblems(text, accepted[version]);
  if (problems.length > 0) {
    const errors = problems.filter((m) => !/fails to validate$/.test(m)).slice(0, 3);
    throw invalid(code, [{ name: 'body', reason: `does not match the ${version} schema: ${errors.join('; ') || 'invalid'}` }]);
  }
  return version;
}

/**
 * The errors libxml2 (WebAssembly, in this process) finds in `xml` against an XSD under
 * vendor/sepa/, or none: the tests check every SEPA file the service writes with it, so they
 * need no xmllint binary.
 */
export async function schemaProblems(xml: string, xsdFile: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'document.xml', contents: xml }, schema: { fileName: xsdFile, contents: schemaText(xsdFile) }, maxMemoryPages: 256 * memoryPages.MiB });
  return result.valid ? [] : result.errors.map((e) => e.message.trim()).filter(Boolean);
}
