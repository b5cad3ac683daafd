import { SYSTEM_ACTOR, type RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import type { Database } from '../database/database';
import { Transactions } from '../database/transactions';
import { ReceiptCounters } from '../applications';
import { AddSchool, CreateOrganisation, OrganisationDirectory } from '../organisations';
import { CreateScheme, SchemeDirectory, SchemeSetup } from '../schemes';
import { SEED_ORGANISATIONS, SEED_SCHOOLS, seedSchemes } from './seed-data';

export interface SeedReport {
  organisations: { created: number; existing: number };
  schools: { created: number; existing: number };
  schemes: { code: string; id: string; created: boolean }[];
}

/**
 * Loads the seed document's schemes and the organisations they need, through the same
 * use cases as the API (so every row has its audit event, recorded as the system).
 * Idempotent: what exists (by identifier, BRIN or scheme code) is left as it is.
 */
export async function loadSeed(db: Database, log: (line: string) => void = () => undefined): Promise<SeedReport> {
  const tx = new Transactions(db);
  const audit = new AuditTrail();
  const ctx: RequestContext = { actor: SYSTEM_ACTOR, correlationId: 'seed' };
  const createOrganisation = new CreateOrganisation(tx, audit);
  const addSchool = new AddSchool(tx, audit);
  const organisations = new OrganisationDirectory();
  const schemes = new SchemeDirectory();
  // Wired by hand as the modules wire it: a new scheme gets its receipt counter (applications).
  const schemeSetup = new SchemeSetup();
  new ReceiptCounters(schemeSetup);
  const createScheme = new CreateScheme(tx, audit, organisations, schemeSetup);
  const report: SeedReport = { organisations: { created: 0, existing: 0 }, schools: { created: 0, existing: 0 }, schemes: [] };

  const ids = new Map<string, string>();
  for (const org of SEED_ORGANISATIONS) {
    const found = await organisations.findByIdentifier(db.manager, org.kind, org.identifier);
    if (found) {
      ids.set(org.key, found.id);
      report.organisations.existing++;
      continue;
    }
    const created = await createOrganisation.execute(ctx, { kind: org.kind, name: org.name, identifier: org.identifier });
    ids.set(org.key, created.id);
    report.organisations.created++;
  }
  log(`organisations: ${report.organisations.created} created, ${report.organisations.existing} already there`);

  for (const school of SEED_SCHOOLS) {
    if (await organisations.schoolExists(db.manager, school.brin)) {
      report.schools.existing++;
      continue;
    }
    await addSchool.execute(ctx, ids.get(school.organisationKey)!, { brin: school.brin, name: school.name });
    report.schools.created++;
  }
  log(`schools: ${report.schools.created} created, ${report.schools.existing} already there`);

  const orgIdByKey = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`The seed names an unknown organisation ${key}`);
    return id;
  };
  for (const scheme of Object.values(seedSchemes(orgIdByKey))) {
    const found = await schemes.findByCode(db.manager, scheme.code);
    if (found) {
      report.schemes.push({ code: scheme.code, id: found.id, created: false });
      log(`scheme ${scheme.code}: already there (${found.id})`);
      continue;
    }
    const created = await createScheme.execute(ctx, scheme);
    report.schemes.push({ code: scheme.code, id: created.id, created: true });
    log(`scheme ${scheme.code}: created (${created.id}), ${created.budgetLines.length} budget line(s), ${created.windows.length} window(s)`);
  }
  return report;
}
