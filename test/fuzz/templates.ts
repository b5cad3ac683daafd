import { demoIban } from '../../src/demo/bank';
import type { Rng } from './rng';

/**
 * Bodies that the service accepts, for the operations whose schema alone cannot say what
 * a valid request is (cross-field rules, codes, dates in the future): half of the
 * valid-shaped requests of these operations start from one of them, so that mutations
 * land on requests that otherwise pass, deep in the handlers. `id(name)` draws an id from
 * the world (linked to what the request chose before).
 */

type Template = (id: (name: string) => string, rng: Rng) => unknown;

const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const date = (days: number) => at(days).slice(0, 10);

/** Answers schemas a scheme may hold; the patterns are where a careless regex engine hangs. */
const ANSWERS_SCHEMAS = [
  { type: 'object', properties: { pupils: { type: 'integer', minimum: 0 } }, required: ['pupils'] },
  { type: 'object', properties: { plan: { type: 'string', pattern: '^(a+)+$' } } },
  { type: 'object', properties: { plan: { type: 'string', pattern: '^(a|a)+$' } } },
  { type: 'object', properties: { plan: { type: 'string', pattern: '^([a-zA-Z0-9]+\\s?)*$' } } },
  { type: 'object', properties: { plan: { type: 'string', format: 'email' }, when: { type: 'string', format: 'date-time' } } },
  { type: 'object', patternProperties: { '^(x+x+)+y$': { type: 'string' } } },
  { $ref: '#/$defs/a', $defs: { a: { type: 'object', properties: { next: { $ref: '#/$defs/a' } } } } },
  { type: 'object', properties: { plan: { $ref: 'https://example.org/schema.json' } } },
];

/** Matched against `^(a|a)+$`, this takes seconds (2^30 steps): a backtracking engine's worst case. */
export const EVIL_ANSWER = `${'a'.repeat(30)}!`;

const ANSWERS = (rng: Rng) =>
  rng.pick<unknown>([{ pupils: rng.int(0, 3000) }, { plan: EVIL_ANSWER }, { plan: `${'ab1 '.repeat(20)}!` }, { plan: 'x@example.org', when: 'now' }, { next: { next: { next: {} } } }, {}]);

const scheme: Template = (_id, rng) => {
  const code = `FZ-${rng.word(6, 10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
  const method = rng.pick(['first_come_first_served', 'ranked', 'pro_rata']);
  return {
    code,
    title: 'Fuzz-regeling',
    legalBasis: 'Stcrt. 2026, nr. 1',
    allocationMethod: method,
    eligibility: { organisationKinds: ['school_board'], leadApplicant: rng.chance(0.5), ...(rng.chance(0.5) ? { maxRequestedAmount: '500000.00' } : {}) },
    ...(method === 'ranked'
      ? {
          criteria: [{ code: 'Q', title: 'Kwaliteit', weight: rng.pick([1, 2, 0.5]), scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2 }],
          tieBreakRules: [{ rule: 'earlier_receipt' }],
          reviewersPerApplication: rng.int(1, 3),
        }
      : {}),
    ...(rng.chance(0.5) ? { answersSchema: rng.pick(ANSWERS_SCHEMAS) } : {}),
    ...(rng.chance(0.3) ? { advancePolicy: { percentage: rng.pick([50, 80, 100]), instalments: rng.int(1, 4) } } : {}),
    windows: [{ code: 'TV-1', name: 'Tijdvak 1', opensAt: at(-1), closesAt: at(30) }],
    budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: `${new Date().getUTCFullYear()}-01-01`, periodEnd: `${new Date().getUTCFullYear()}-12-31`, ceiling: rng.pick(['1000000.00', '5000.00', '9999999999999.99']) }],
  };
};

const sheet: Template = (_id, rng) => ({
  scores: [{ criterion: 'Q', score: rng.pick([0, 2.5, 3, 5]), motivation: rng.pick(['Helder plan', 'Breed gedragen en concreet.']) }],
});

export const TEMPLATES: Record<string, Template> = {
  'POST /schemes': scheme,
  'PATCH /schemes/{schemeId}': (_id, rng) => rng.pick<unknown>([{ title: 'Nieuwe titel' }, { answersSchema: rng.pick(ANSWERS_SCHEMAS) }, { completionTermDays: 21 }, { legalBasis: 'Stcrt. 2026, nr. 2' }]),
  'POST /schemes/{schemeId}/windows': (_id, rng) => ({ code: `TV-${rng.int(2, 999)}`, name: 'Tijdvak', opensAt: at(rng.int(1, 10)), closesAt: at(rng.int(11, 60)) }),
  'POST /schemes/{schemeId}/budget-lines': (_id, rng) => ({ code: `BL-${rng.int(2, 999)}`, name: 'Plafond', periodStart: date(-10), periodEnd: date(300), ceiling: '250000.00' }),
  'POST /schemes/{schemeId}/budget-lines/{budgetLineId}/ceiling-amendments': (_id, rng) => ({ ceiling: rng.pick(['2000000.00', '1.00', '9999999999999.99']), publication: 'Stcrt. 2026, nr. 9', reason: 'Meer geld' }),
  'POST /applications': (id, rng) => ({
    schemeId: id('schemeId'),
    windowId: id('windowId'),
    title: 'Regionaal plan',
    requestedAmount: rng.pick(['1000.00', '25000.00', '9999999999999.99']),
    ...(rng.chance(0.6) ? { answers: ANSWERS(rng) } : {}),
    ...(rng.chance(0.3) ? { coApplicantIds: [id('organisationId')] } : {}),
  }),
  'PATCH /applications/{applicationId}': (_id, rng) => rng.pick<unknown>([{ title: 'Gewijzigd' }, { answers: ANSWERS(rng) }, { requestedAmount: '2000.00' }]),
  'PUT /reviews/{assignmentId}/sheet': sheet,
  'POST /committees/{committeeId}/applications/{applicationId}/consensus': sheet,
  'POST /committees': (id, rng) => ({ schemeId: id('schemeId'), name: 'Commissie', memberIds: ['reviewer-chair', 'reviewer-member', `reviewer-${rng.int(1, 9)}`], chairId: 'reviewer-chair' }),
  'POST /organisations': (_id, rng) =>
    rng.pick<unknown>([
      { kind: 'school_board', name: 'Stichting Fuzz', identifier: String(rng.int(10000, 99999)) },
      { kind: 'municipality', name: 'Gemeente Fuzz', identifier: `GM${String(rng.int(0, 9999)).padStart(4, '0')}` },
      { kind: 'other', name: 'Fuzz BV', identifier: String(rng.int(10000000, 99999999)) },
    ]),
  'POST /organisations/{organisationId}/bank-accounts': (_id, rng) => ({ iban: demoIban(rng.int(5000, 9_999_999)), holderName: 'Stichting Fuzz', bic: 'ABNANL2A' }),
  'POST /organisations/{organisationId}/schools': (_id, rng) => ({ brin: `${rng.int(10, 99)}${rng.word(2, 2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, name: 'School' }),
  'POST /schemes/{schemeId}/budget-lines/{budgetLineId}/du-allocations': (_id, rng) => ({ circular: `septembercirculaire ${rng.int(2016, 2020)}`, publishedOn: `${rng.int(2016, 2020)}-09-20` }),
  'POST /applications/{applicationId}/deadline-extensions': (_id, rng) => ({ newDueOn: date(rng.int(60, 200)), reason: 'Meer tijd' }),
  'POST /applications/{applicationId}/completion-requests': (_id, rng) => ({ missing: 'De begroting', termDays: rng.int(1, 30) }),
  'POST /committees/{committeeId}/conflicts': (id) => ({ reviewerId: 'reviewer-member', applicationId: id('applicationId'), reason: 'Oud-bestuurder' }),
  'POST /committees/{committeeId}/assignments': (id, rng) => ({ applicationId: id('applicationId'), reviewerId: rng.pick(['reviewer-chair', 'reviewer-member', 'reviewer-unassigned']) }),
  'POST /objections/{objectionId}/decision': (_id, rng) => (rng.chance(0.5) ? { upheld: true, reason: 'Terecht', newAmount: rng.pick(['30000.00', '1.00']) } : { upheld: false, reason: 'Ongegrond' }),
  'POST /applications/{applicationId}/final-determination': (_id, rng) => (rng.chance(0.5) ? { finalAmount: '25000.00' } : { finalAmount: '100.00', ground: 'obligations_not_met', motivation: 'Niet alles gedaan' }),
  'POST /payment-batches': (_id, rng) => ({ dueUntil: rng.pick(['2030-12-31', '2016-12-31', date(0)]) }),
  'POST /payment-instructions/generation': () => ({ dueUntil: '2030-12-31' }),
  'POST /service-clients': (_id, rng) => ({ name: `Systeem ${rng.int(1, 1e6)}`, scopes: ['applications:read', 'decisions:read'] }),
  'POST /webhook-subscriptions': () => ({ url: 'https://127.0.0.1:9/hook', events: ['application.submitted', 'decision.made'] }),
};
