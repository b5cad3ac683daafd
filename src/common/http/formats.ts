import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsISO8601, IsString, Matches, ValidateBy, ValidateIf } from 'class-validator';
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

/** The longest string one answer may be, and the most all answers together may take. */
export const ANSWERS_LIMITS = { maxStringLength: 10_000, maxBytes: 64 * 1024 } as const;

const longestString = (value: unknown, depth = 0): number => {
  if (typeof value === 'string') return value.length;
  if (!value || typeof value !== 'object' || depth > 64) return 0;
  return Math.max(0, ...Object.entries(value).flatMap(([k, v]) => [k.length, longestString(v, depth + 1)]));
};

/**
 * Answers to a scheme's own questions: at most 64 KiB of JSON, no string longer than
 * 10,000 characters (a scheme's patterns then always run on bounded text).
 */
export const WithinAnswersLimits = () =>
  ValidateBy({
    name: 'withinAnswersLimits',
    validator: {
      validate: (value) => Buffer.byteLength(JSON.stringify(value) ?? '') <= ANSWERS_LIMITS.maxBytes && longestString(value) <= ANSWERS_LIMITS.maxStringLength,
      defaultMessage: () => `must be at most ${ANSWERS_LIMITS.maxBytes / 1024} KiB of JSON, with no answer longer than ${ANSWERS_LIMITS.maxStringLength} characters`,
    },
  });

/**
 * A finite JSON number with at most `places` decimals. (class-validator's own
 * `maxDecimalPlaces` reads the decimals from `String(value)` and threw on `1e-9`: a 500.)
 */
export const IsDecimalNumber = (places: number) =>
  ValidateBy({
    name: 'isDecimalNumber',
    validator: {
      validate: (value) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
      defaultMessage: () => `must be a number with at most ${places} decimals`,
    },
  });

/**
 * At most `max` items in a list field, checked by validation and stated in the contract
 * (`maxItems`). Place it below the field's @ApiProperty.
 */
export const MaxItems = (max: number) => applyDecorators(ArrayMaxSize(max), ApiProperty({ maxItems: max }));
