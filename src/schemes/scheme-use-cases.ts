/**
 * Transitional: the scheme's use cases live in `use-cases/`, one a file. Features that
 * still import these two helpers from here (reviews, awards, decentralisation: listed in
 * tools/walls/baseline.txt) should call `SchemeDirectory.lock` / `assertOfficer` through
 * `src/schemes/index.ts`; delete this file when nothing imports it.
 */
export { assertSchemeOfficer, lockScheme } from './scheme-access';
