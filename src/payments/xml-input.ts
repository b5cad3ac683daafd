import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../common/errors/app-error';

/** How deep a bank's message may nest elements (camt.053 .08, the deepest we read, needs about 15). */
export const MAX_XML_DEPTH = 64;

/** Names no ISO 20022 element has and that would reach an object's prototype when parsed into one. */
const RESERVED_NAMES = /<(?:[\w.-]+:)?(__proto__|constructor|prototype|__defineGetter__|__defineSetter__|__lookupGetter__|__lookupSetter__)[\s/>]/;

/**
 * A bank's XML message (pain.002, camt.053, camt.054) checked and parsed into plain objects
 * (element names without namespace prefixes, attributes dropped), or a 400 `code` naming the
 * reason: a DOCTYPE or entity declaration (XXE), XML that is not well-formed, nesting deeper than
 * {@link MAX_XML_DEPTH}, an element named like an object's prototype. Never a 500.
 */
export function parseBankXml(text: string, code: string): unknown {
  const refuse = (reason: string) => invalid(code, [{ name: 'body', reason }]);
  // No DTDs: entities are the classic XML attack, and no ISO 20022 message has one.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw refuse('must not contain a DOCTYPE or entity declarations');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw refuse(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const reserved = RESERVED_NAMES.exec(text);
  if (reserved) throw refuse(`has an element <${reserved[1]}>, which no ISO 20022 message has`);
  try {
    return new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, processEntities: false, ignoreDeclaration: true, maxNestedTags: MAX_XML_DEPTH }).parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(message)) throw refuse(`nests elements deeper than ${MAX_XML_DEPTH} levels`);
    throw refuse(`cannot be read: ${message}`);
  }
}

/** The namespace the root `Document` element declares (its prefix's, or the default), or null. */
export function documentNamespace(text: string): string | null {
  const root = /<(?:([\w.-]+):)?Document\b([^>]*)>/.exec(text);
  if (!root) return null;
  const attr = root[1] ? `xmlns:${root[1]}` : 'xmlns';
  const declared = new RegExp(`\\s${attr.replace(/[.]/g, '\\.')}\\s*=\\s*["']([^"']+)["']`).exec(root[2]);
  return declared ? declared[1] : null;
}
