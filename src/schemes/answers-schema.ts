import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import isSafeRegex from 'safe-regex2';
import type { InvalidParam } from '../common/errors/app-error';

/**
 * Scheme-specific answers are checked against the scheme's JSON Schema (draft
 * 2020-12) with ajv. Compiled validators are cached per scheme version.
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  // One instance per schema: a schema's own $id never collides with another scheme's.
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateSchema: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const cache = new Map<string, ValidateFunction>();

/** A schema this large is not a questionnaire any more. */
const MAX_SCHEMA_BYTES = 64 * 1024;

/** Every regular expression in a schema (`pattern`, `patternProperties` keys), wherever it sits. */
function patternsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => patternsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') found.push(value);
      if (key === 'patternProperties' && value && typeof value === 'object') found.push(...Object.keys(value));
      patternsIn(value, found);
    }
  }
  return found;
}

/** Why a scheme's answers schema is unusable, or undefined when it compiles. */
export function answersSchemaProblem(schema: Record<string, unknown>): string | undefined {
  if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES) return `is larger than ${MAX_SCHEMA_BYTES / 1024} KiB`;
  // Answers are checked inside the submit's transaction: an asynchronous schema would pass
  // everything, and a pattern with nested repetition could take seconds on one answer (ReDoS).
  if (JSON.stringify(schema).includes('"$async"')) return 'must not be asynchronous ($async)';
  const unsafe = patternsIn(schema).find((p) => !isSafeRegex(p));
  if (unsafe !== undefined) return `has a pattern that can take exponential time to match: ${unsafe}`;
  try {
    const validate = compile(schema);
    if ((validate as { $async?: boolean }).$async) return 'must not be asynchronous ($async)';
    return undefined;
  } catch (err) {
    return `is not a usable JSON Schema: ${(err as Error).message}`;
  }
}

/** RFC 6901: a property name inside a JSON pointer. */
const pointerToken = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function describe(e: ErrorObject): InvalidParam {
  let pointer = e.instancePath;
  if (e.keyword === 'required') pointer = `${pointer}/${pointerToken((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'additionalProperties') pointer = `${pointer}/${pointerToken((e.params as { additionalProperty: string }).additionalProperty)}`;
  const reason = e.keyword === 'required' ? 'is required' : e.keyword === 'additionalProperties' ? 'is not a known answer' : (e.message ?? 'is invalid');
  return { name: `answers${pointer}`, reason };
}

/** The answers' problems, each named by `answers` + the JSON pointer of the bad answer. */
export function checkAnswers(cacheKey: string, schema: Record<string, unknown>, answers: unknown): InvalidParam[] {
  let validate = cache.get(cacheKey);
  if (!validate) {
    validate = compile(schema);
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const valid = validate(answers);
  if (typeof valid !== 'boolean') throw new Error('An answers schema must validate synchronously.');
  return valid ? [] : (validate.errors ?? []).map(describe);
}
