import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError, invalid, type InvalidParam } from '../errors/app-error';

function flatten(errors: ValidationError[], prefix = ''): InvalidParam[] {
  return errors.flatMap((e) => {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) =>
      // class-validator starts each message with the property name; keep only the reason.
      ({ name, reason: reason.startsWith(`${e.property} `) ? reason.slice(e.property.length + 1) : reason }),
    );
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
      throw new AppError('unsupported_media_type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'This endpoint takes application/json.');
    }
    // A JSON array or scalar where an object is expected is one clear error, not one per index.
    if (metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalid('REQUEST.INVALID_INPUT', [{ name: 'body', reason: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid('REQUEST.INVALID_INPUT', flatten(errors)),
  });
}
