import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { RegExpEngine } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import type { InvalidParam } from '../common/errors/app-error';

/**
 * Every `pattern` and `patternProperties` of an answers schema runs on RE2 (re2js, pure
 * JavaScript): matching takes time linear in the answer, whatever the pattern. With V8's
 * backtracking engine a pattern such as `^([a-z]|[a-z0-9])*$`, which the usual "safe regex"
 * heuristics pass, held the API and the worker for minutes on one 36-character answer.
 * RE2 has no backreferences and no lookaround; such a pattern is refused with the scheme.
 */
const re2: RegExpEngine = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'RE2JS.compile' });

/** Why RE2 cannot run a pattern, or undefined when it can. */
export function linearPatternProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return `has a pattern that the linear-time engine (RE2) cannot run: ${JSON.stringify(pattern)} (${(err as Error).message}; backreferences and lookaround are not supported)`;
  }
}

/**
 * Scheme-specific answers are checked against the scheme's JSON Schema (draft
 * 2020-12) with ajv. Compiled validators are cached per scheme version.
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  // One instance per schema: a schema's own $id never collides with another scheme's.
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateSchema: true, code: { regExp: re2 } });
  addFormats(ajv);
  return ajv.compile(schema);
}

const cache = new Map<string, ValidateFunction>();

/** A schema this large is not a questionnaire any more. */
const MAX_SCHEMA_BYTES = 64 * 1024;
/** The patterns of one schema together, in RE2 instructions (a postcode pattern takes about 12). */
const MAX_PATTERN_SIZE = 5_000;

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
  // everything, and only a linear-time engine keeps a pattern from taking minutes on one answer (ReDoS).
  if (JSON.stringify(schema).includes('"$async"')) return 'must not be asynchronous ($async)';
  let size = 0;
  for (const pattern of patternsIn(schema)) {
    const problem = linearPatternProblem(pattern);
    if (problem) return problem;
    size += RE2JS.compile(pattern).programSize();
  }
  // Linear, but in the answer's length times the patterns' size: bound the latter too.
  if (size > MAX_PATTERN_SIZE) return `has patterns too large to check answers quickly (${size} RE2 instructions in all, at most ${MAX_PATTERN_SIZE}): use maxLength for lengths`;
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
    try {
      validate = compile(schema);
    } catch {
      // A schema stored before patterns ran on RE2 may hold one it cannot run (a backreference).
      return [{ name: 'answers', reason: 'cannot be checked: the scheme’s answers schema has a pattern the linear-time engine (RE2) cannot run; the scheme’s officers must correct it' }];
    }
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, validate);
  }
  const valid = validate(answers);
  if (typeof valid !== 'boolean') throw new Error('An answers schema must validate synchronously.');
  return valid ? [] : (validate.errors ?? []).map(describe);
}
