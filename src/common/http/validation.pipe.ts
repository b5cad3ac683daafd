import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError, invalid, type InvalidParam } from '../errors/app-error';
import { textProblems } from './text-rules';

/** class-validator's constraint for a field the DTO does not have (forbidNonWhitelisted). */
const UNKNOWN_FIELD = 'whitelistValidation';

/** Edit distance, for "did you mean": small words only, so the plain table is enough. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The missing field an unknown one was probably meant to be (a typo, another case). */
function meant(unknown: string, missing: string[]): string | undefined {
  const lower = unknown.toLowerCase();
  const scored = missing.map((m) => ({ m, d: m.toLowerCase() === lower ? 0 : distance(lower, m.toLowerCase()) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(best.m.length / 3)) ? best.m : undefined;
}

/**
 * One reason per field, in words that say how to put it right: a field left out is
 * "is required" (not the type it should have had), an unknown field says so and names
 * the field it probably meant, and each other reason is class-validator's own.
 */
function flatten(errors: ValidationError[], prefix = ''): InvalidParam[] {
  const missing = errors.filter((e) => e.value === undefined && e.constraints && !(UNKNOWN_FIELD in e.constraints)).map((e) => e.property);
  return errors.flatMap((e) => {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    let own: InvalidParam[];
    if (UNKNOWN_FIELD in constraints) {
      const guess = meant(e.property, missing);
      own = [{ name, reason: guess ? `is not a field of this request: did you mean "${guess}"?` : 'is not a field of this request' }];
    } else if (e.value === undefined && Object.keys(constraints).length > 0) {
      own = [{ name, reason: 'is required' }];
    } else {
      own = Object.values(constraints).map((reason) =>
        // class-validator starts each message with the property name; keep only the reason.
        ({ name, reason: reason.startsWith(`${e.property} `) ? reason.slice(e.property.length + 1) : reason }),
      );
    }
    return [...own, ...flatten(e.children ?? [], name)];
  });
}

/**
 * DTO validation for bodies, queries and params: unknown fields are refused (not
 * silently dropped), and every failure names the field and the reason.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Raw bytes (a document type's parser) reach only the routes that take them.
    if (metadata.type === 'body' && Buffer.isBuffer(value) && metadata.metatype !== Buffer) {
      throw new AppError('unsupported_media_type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'This endpoint takes a JSON body: send it with Content-Type: application/json.');
    }
    // A JSON array or scalar where an object is expected is one clear error, not one per index.
    if (metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalid('REQUEST.INVALID_INPUT', [{ name: 'body', reason: 'must be a JSON object' }]);
    }
    const result: unknown = await super.transform(value, metadata);
    // Free text: no control or bidi characters anywhere, one line unless the field is @MultiLine().
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = textProblems(result, metadata.data ?? '');
      if (problems.length > 0) throw invalid('REQUEST.INVALID_INPUT', problems);
    }
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value is kept on the errors to tell a missing field from a wrong one; it is never echoed.
    validationError: { target: false, value: true },
    // At most 50 fields are named: a body of thousands of unknown fields gets a short answer.
    exceptionFactory: (errors) => invalid('REQUEST.INVALID_INPUT', flatten(errors).slice(0, 50)),
  });
}
