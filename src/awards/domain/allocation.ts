/**
 * The four allocation engines (ARCHITECTURE.md, "Allocation methods"): who gets what
 * out of a scheme's budget lines. Plain data in, plain data out; no I/O.
 *
 * Rules every engine keeps, and the property tests check:
 * - money is integer euro cents (bigint); proportional shares are rounded by the
 *   largest-remainder method, so parts add up to the whole to the cent;
 * - nobody gets more than they asked;
 * - the sum awarded on a budget line never exceeds what is still available on it:
 *   its ceiling minus what earlier decisions already awarded from it (never below 0);
 * - every application comes out exactly once;
 * - the result depends on the set of inputs only, never on their order: the output is
 *   in a canonical order (budget lines by id, then the order in which the engine served
 *   the line) and every tie is broken by a stated rule, ending with the id.
 *
 * Invalid input (duplicate ids, an unknown budget line, negative amounts) is a
 * programming error upstream and throws a RangeError: a decision must never be made
 * on data the engine had to guess about.
 *
 * This module is the engines' one entry point; each engine lives in a file of its own
 * (ranked-, first-come-first-served-, pro-rata- and formula-allocation.ts), with what
 * they share in allocation-shared.ts and the per-line summary in allocation-summary.ts.
 */
export { ALLOCATION_OUTCOMES, amsterdamStamp, availableOn, compareIds, type Allocation, type AllocationOutcome, type BudgetLine } from './allocation-shared';
export { allocateRanked, type RankedAllocationInput, type RankedApplication } from './ranked-allocation';
export { allocateFirstComeFirstServed, type FirstComeFirstServedApplication, type FirstComeFirstServedInput } from './first-come-first-served-allocation';
export { allocateProRata, type ProRataApplication, type ProRataInput } from './pro-rata-allocation';
export { allocateFormula, type FormulaInput, type FormulaRecipient, type FormulaShare } from './formula-allocation';
export { summarise, type BudgetLineSummary } from './allocation-summary';
