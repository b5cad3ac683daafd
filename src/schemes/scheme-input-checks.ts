import type { EntityManager } from 'typeorm';
import type { InvalidParam } from '../common/errors/app-error';
import type { OrganisationDirectory } from '../organisations';
import { answersSchemaProblem } from './answers-schema';
import { checkRegions, type RegionInput } from './domain/scheme-setup-rules';
import { checkRules, type AllocationMethod, type SchemeRules } from './domain/scheme-rules';
import type { RegionDto } from './dto/scheme-rules.dto';
import type { StoredRegion } from './persistence/scheme.entity';

/** The rules' own problems, and the answers schema's when the request states one. */
export function rulesProblems(method: AllocationMethod, rules: SchemeRules, regions: string[], answersSchema: Record<string, unknown> | undefined): InvalidParam[] {
  const problems = checkRules(method, rules, regions);
  if (answersSchema !== undefined) {
    const reason = answersSchemaProblem(answersSchema);
    if (reason) problems.push({ name: 'answersSchema', reason });
  }
  return problems;
}

/** The regions' problems: duplicate codes, and lead organisations that are not registered (read through the organisations feature). */
export async function regionProblems(em: EntityManager, organisations: OrganisationDirectory, regions: readonly RegionInput[]): Promise<InvalidParam[]> {
  const leads = [...new Set(regions.map((r) => r.leadOrganisationId).filter((id): id is string => !!id))];
  const registered = new Set((await organisations.findMany(em, leads)).map((o) => o.id));
  return checkRegions(regions, registered);
}

export function storedRegions(regions: RegionDto[]): StoredRegion[] {
  return regions.map((r) => ({ code: r.code, name: r.name, leadOrganisationId: r.leadOrganisationId ?? null }));
}
