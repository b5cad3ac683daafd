import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsDecimalNumber, WithinAnswersLimits } from './formats';

class Body {
  @IsDecimalNumber(3)
  step!: number;
}
class Answers {
  @WithinAnswersLimits()
  answers!: Record<string, unknown>;
}

const reasons = <T extends object>(type: new () => T, plain: object) => validateSync(plainToInstance(type, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('number and answers formats (issue 17)', () => {
  it('500s: a number in exponent notation where decimals are limited is refused, not a crash (scaleStep 1e-9)', () => {
    expect(reasons(Body, { step: 1e-9 })).toEqual(['must be a number with at most 3 decimals']);
    expect(reasons(Body, { step: 2.5e-8 })).toEqual(['must be a number with at most 3 decimals']);
    expect(reasons(Body, { step: 0.0001 })).toEqual(['must be a number with at most 3 decimals']);
    for (const step of [0.5, 0.001, 1e3, 1e21, 0.1 + 0.2 - 0.3 + 0.125]) if (Number(step.toFixed(3)) === step) expect(reasons(Body, { step })).toEqual([]);
    expect(reasons(Body, { step: 0.125 })).toEqual([]);
    expect(reasons(Body, { step: '0.5' })).toHaveLength(1);
    expect(reasons(Body, { step: Number.POSITIVE_INFINITY })).toHaveLength(1);
  });

  it('ReDoS: answers are bounded: no answer over 10,000 characters, at most 64 KiB in all', () => {
    expect(reasons(Answers, { answers: { plan: 'a'.repeat(10_000), list: ['b'.repeat(10_000)] } })).toEqual([]);
    expect(reasons(Answers, { answers: { plan: { text: 'a'.repeat(10_001) } } })).toHaveLength(1);
    expect(reasons(Answers, { answers: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i}`, 'a'.repeat(9_000)])) })).toHaveLength(1);
  });
});
