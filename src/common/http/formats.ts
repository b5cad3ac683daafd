import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { AMOUNT_PATTERN } from '../money/money';

const AMOUNT = new RegExp(AMOUNT_PATTERN);
const isAmountText = (value: unknown): value is string => typeof value === 'string' && AMOUNT.test(value);

/**
 * An amount in euros on the API: a decimal string with exactly two decimals. One check
 * with one message that shows the format, whatever was sent (a JSON number too: amounts
 * are strings so that no client rounds them through a float).
 */
export const IsAmount = () =>
  ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value) => isAmountText(value),
      defaultMessage: (args) =>
        typeof args?.value === 'number'
          ? 'must be an amount in euros as a string with two decimals, such as "23000000.00" (a JSON string, not a number)'
          : 'must be an amount in euros as a string with two decimals, such as "23000000.00"',
    },
  });

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
export const IsPositiveAmount = () =>
  applyDecorators(
    IsAmount(),
    // Only said of a well-formed amount: a malformed one has the format's message above.
    ValidateBy({ name: 'isPositiveAmount', validator: { validate: (value) => !isAmountText(value) || /[1-9]/.test(value), defaultMessage: () => 'must be more than 0.00' } }),
  );

/**
 * An optional field: leaving it out is fine, `null` is not (class-validator's IsOptional
 * lets `null` through to code that does not expect it).
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Text that says something: not only spaces. */
export const NotBlank = () => Matches(/\S/, { message: 'must not be blank' });
