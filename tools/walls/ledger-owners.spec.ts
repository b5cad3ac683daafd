import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/**
 * One owner per ledger (DEVELOPERS.md, "Feature walls"): the statements that change a
 * ledger's money or an application's status stand in one repository each, and only the
 * owning service calls that repository's writing methods.
 */
const ROOT = join(__dirname, '..', '..');

function sources(dir = join(ROOT, 'src'), out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) out.push(full);
  }
  return out;
}

const files = sources().map((f) => ({ path: relative(ROOT, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));
const filesMatching = (re: RegExp) => files.filter((f) => re.test(f.text)).map((f) => f.path);

/** Files that call one of `methods` on an instance of `repository`: made with `new` in the call, or held in a variable. */
function callersOf(repository: string, methods: string[]): string[] {
  const calls = (text: string) => {
    const names = [...text.matchAll(new RegExp(`(?:const|let)\\s+(\\w+)\\s*=\\s*new ${repository}\\(`, 'g'))].map((m) => m[1]);
    return methods.some(
      (m) => new RegExp(`new ${repository}\\([^)]*\\)\\.${m}\\(`).test(text) || names.some((n) => new RegExp(`\\b${n}\\.${m}\\(`).test(text)),
    );
  };
  return files.filter((f) => f.text.includes(`new ${repository}(`) && calls(f.text)).map((f) => f.path);
}

describe('one owner per ledger', () => {
  it('the budget ledger: `UPDATE budget_lines` stands in one repository, called only by BudgetLedger (schemes)', () => {
    expect(filesMatching(/UPDATE\s+budget_lines/i)).toEqual(['src/schemes/persistence/budget-line.repository.ts']);
    expect(callersOf('BudgetLineRepository', ['addAwarded', 'addAwardedAndBeyond', 'releaseAward', 'setCeiling'])).toEqual(['src/schemes/budget-ledger.ts']);
  });

  it('an application’s status: its bulk and single moves stand in one repository, called only by ApplicationLifecycle; nothing outside applications writes applications', () => {
    expect(filesMatching(/UPDATE\s+applications\b/i)).toEqual(['src/applications/persistence/application-status.repository.ts']);
    expect(callersOf('ApplicationStatusRepository', ['move', 'moveFromSource'])).toEqual(['src/applications/application-lifecycle.ts']);
    const writersOfTheEntity = files.filter((f) => /\b(?:update|save|insert|upsert)\(\s*ApplicationRecord\b|\.save\(\s*app\b/.test(f.text)).map((f) => f.path);
    expect(writersOfTheEntity.filter((p) => !p.startsWith('src/applications/'))).toEqual([]);
    // Inside applications, its own transitions write the changed columns (status among them) in one step.
    expect(callersOf('ApplicationRepository', ['updateColumns'])).toEqual(['src/applications/transition-step.ts']);
  });

  it('commitments and instructions: their writes stand in two repositories, called only by PaymentLedger (payments)', () => {
    expect(filesMatching(/(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+payment_(?:instructions|commitments)\b/i).sort()).toEqual([
      'src/payments/persistence/commitment.repository.ts',
      'src/payments/persistence/instruction.repository.ts',
    ]);
    expect(callersOf('CommitmentRepository', ['upsertAwards', 'upsertDu', 'insertAwardIfAbsent', 'setDecided'])).toEqual(['src/payments/payment-ledger.ts']);
    expect(
      callersOf('InstructionRepository', ['insertMany', 'readyOn', 'reinstate', 'setBatched', 'setLiveOf', 'failLiveOf', 'failMany', 'cancelOpenOf', 'offset']),
    ).toEqual(['src/payments/payment-ledger.ts']);
  });
});
