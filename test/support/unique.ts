/** Test data: valid identifiers that do not collide within one test file (e2e and integration tiers). */
let counter = 0;
export const unique = {
  bestuursnummer: () => String(10000 + (++counter % 90000)).padStart(5, '0'),
  kvk: () => String(10000000 + ++counter),
  gemeentecode: () => `GM${String(++counter % 10000).padStart(4, '0')}`,
};
