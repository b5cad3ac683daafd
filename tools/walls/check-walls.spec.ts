import { spawnSync } from 'child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
const { check } = require('./check-walls');

type Breach = { file: string; line: number; message: string };

/** A tiny tree of two features, built fresh for each case. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'walls-'));
  const all: Record<string, string> = {
    'migrations/1-init.ts': "CREATE TABLE budget_lines (id uuid); CREATE TABLE awards_x (id uuid);",
    'src/schemes/persistence/tables.ts': "export const TABLES = ['budget_lines'] as const;",
    'src/schemes/index.ts': "export { BudgetLedger } from './budget-ledger';",
    'src/schemes/budget-ledger.ts': 'export class BudgetLedger { raise() { return `UPDATE budget_lines SET ceiling_cents = 1`; } }',
    'src/schemes/persistence/budget-line.repository.ts': 'export class BudgetLineRepository {}',
    'src/awards/persistence/tables.ts': "export const TABLES = ['awards_x'] as const;",
    'src/awards/decide.ts': "import { BudgetLedger } from '../schemes';\nexport const d = BudgetLedger;",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the feature walls check (tools/walls/check-walls.js)', () => {
  it('passes a tree where features meet only through their public surface and own tables', () => {
    expect(check(tree({}))).toEqual([]);
  });

  it("fails on an import of another feature's persistence", () => {
    const root = tree({ 'src/awards/decline.ts': "import { BudgetLineRepository } from '../schemes/persistence/budget-line.repository';" });
    expect(check(root).map((b: Breach) => b.message)).toEqual([
      "imports schemes/persistence/budget-line.repository: another feature's internals (use src/schemes/index.ts)",
    ]);
  });

  it("fails on SQL that names another feature's table, with the line it is on", () => {
    const root = tree({ 'src/awards/decline.ts': 'const a = 1;\nconst sql = `\n  UPDATE budget_lines SET awarded_cents = 0`;' });
    expect(check(root)).toEqual([expect.objectContaining({ line: 3, message: 'SQL names budget_lines, a table of schemes' })]);
  });

  it('fails on a table a migration creates that no feature claims', () => {
    const root = tree({ 'migrations/2-more.ts': 'CREATE TABLE orphans (id uuid);' });
    expect(check(root).map((b: Breach) => b.message)).toEqual(['table orphans has no owner: list it in one feature\'s persistence/tables.ts']);
  });

  it('fails, exit code 1 and the breach named, when run as the CI step on a tree with a breach', () => {
    const root = tree({ 'src/awards/decline.ts': 'const sql = `UPDATE budget_lines SET awarded_cents = 0`;' });
    const run = spawnSync(process.execPath, [join(__dirname, 'check-walls.js'), root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('src/awards/decline.ts:1: SQL names budget_lines, a table of schemes');
    const clean = spawnSync(process.execPath, [join(__dirname, 'check-walls.js'), tree({})], { encoding: 'utf8' });
    expect(clean.status).toBe(0);
  });
});
