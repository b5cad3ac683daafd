import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
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

/** Why a scheme's answers schema is unusable, or undefined when it compiles. */
export function answersSchemaProblem(schema: Record<string, unknown>): string | undefined {
  try {
    compile(schema);
    return undefined;
  } catch (err) {
    return `is not a usable JSON Schema: ${(err as Error).message}`;
  }
}

function describe(e: ErrorObject): InvalidParam {
  let pointer = e.instancePath;
  if (e.keyword === 'required') pointer = `${pointer}/${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === 'additionalProperties') pointer = `${pointer}/${(e.params as { additionalProperty: string }).additionalProperty}`;
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
  return validate(answers) ? [] : (validate.errors ?? []).map(describe);
}
