import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { InvalidParam } from '../errors/app-error';

/**
 * What free text on this API may hold. Refused everywhere: NUL and the other C0/C1 control
 * characters (ESC, BEL, …; PostgreSQL cannot store NUL at all), DEL, the bidirectional
 * embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 (they make a name or a
 * motivation read differently from what it says: "Trojan Source"), and lone UTF-16
 * surrogates (not Unicode; a jsonb column refuses them). Tab, line feed and carriage return
 * pass this rule; single-line fields refuse them too (`singleLineProblems`).
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string is not acceptable text (any field), or undefined when it is. */
export function textProblem(text: string): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `contains a lone UTF-16 surrogate (${codePoint(lone[0])}), which is not valid Unicode`;
  const found = FORBIDDEN.exec(text);
  if (!found) return undefined;
  const char = found[0];
  const code = char.charCodeAt(0);
  if (code >= 0x202a) return `contains a bidirectional control character (${codePoint(char)}), which can make text read differently from what it says`;
  if (code === 0) return 'contains a NUL character (U+0000)';
  return `contains a control character (${codePoint(char)})`;
}

const MULTILINE = Symbol('subsidia:multiline');

/**
 * A free-text field where line breaks and tabs make sense (a motivation, grounds, a note).
 * Every other string field of a request is one line: the validation pipe refuses a tab or a
 * line break in it. On an object field (scheme answers) it holds for every string inside.
 * The contract marks such a field `x-multiline: true`. Place it below the field's @ApiProperty.
 */
export const MultiLine = (): PropertyDecorator => (target, property) => {
  const fields: Set<string | symbol> = Reflect.getOwnMetadata(MULTILINE, target) ?? new Set(Reflect.getMetadata(MULTILINE, target) ?? []);
  fields.add(property);
  Reflect.defineMetadata(MULTILINE, fields, target);
  // The contract says so too (every other text field is one line).
  ApiProperty({ 'x-multiline': true } as ApiPropertyOptions)(target, property as string);
};

const isMultiLine = (owner: object, property: string): boolean => {
  const prototype: object | null = Object.getPrototypeOf(owner);
  if (!prototype) return false;
  const fields: Set<string | symbol> | undefined = Reflect.getMetadata(MULTILINE, prototype);
  return fields?.has(property) ?? false;
};

/**
 * The text problems of a validated request (a DTO instance, a query): every string is
 * checked by `textProblem`, and a string outside a `@MultiLine()` field may not hold a tab
 * or a line break. Names are dotted paths, as the validation pipe names fields.
 */
export function textProblems(value: unknown, prefix = '', multiline = false, depth = 0): InvalidParam[] {
  if (typeof value === 'string') {
    const reason = textProblem(value) ?? (!multiline && LINE_BREAK_OR_TAB.test(value) ? 'must be one line, without line breaks or tabs' : undefined);
    return reason ? [{ name: prefix || 'body', reason }] : [];
  }
  // The body guard already bounds the depth; a query or a parameter is flat.
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value) || depth > 64) return [];
  const problems: InvalidParam[] = [];
  for (const [key, child] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    const childMultiline = multiline || (!Array.isArray(value) && isMultiLine(value, key));
    problems.push(...textProblems(child, name, childMultiline, depth + 1));
    if (problems.length >= 20) break;
  }
  return problems;
}
