import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches, ValidateIf } from 'class-validator';
import { AMOUNT_PATTERN } from '../money/money';

/** An amount in euros on the API: a decimal string with exactly two decimals. */
export const IsAmount = () =>
  applyDecorators(IsString(), Matches(new RegExp(AMOUNT_PATTERN), { message: 'must be an amount in euros with two decimals, such as "23000000.00"' }));

/** A moment with an explicit offset (never a local time that could mean two moments). */
export const IsMoment = () =>
  applyDecorators(
    IsString(),
    IsISO8601({ strict: true }, { message: 'must be an RFC 3339 date-time' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/, {
      message: 'must be an RFC 3339 date-time with seconds and an offset, such as "2021-03-01T09:00:00+01:00"',
    }),
  );

/** A calendar date, "YYYY-MM-DD". */
export const IsLocalDate = () =>
  applyDecorators(IsString(), IsISO8601({ strict: true }, { message: 'must be a date' }), Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date, YYYY-MM-DD' }));

export const AMOUNT_EXAMPLE = '23000000.00';
export const AMOUNT_API = { type: String, pattern: AMOUNT_PATTERN, example: AMOUNT_EXAMPLE, description: 'Euros, two decimals.' } as const;

/** An amount above zero (a request for nothing is not a request). */
export const IsPositiveAmount = () => applyDecorators(IsAmount(), Matches(/[1-9]/, { message: 'must be more than 0.00' }));

/**
 * An optional field: leaving it out is fine, `null` is not (class-validator's IsOptional
 * lets `null` through to code that does not expect it).
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Text that says something: not only spaces. */
export const NotBlank = () => Matches(/\S/, { message: 'must not be blank' });
