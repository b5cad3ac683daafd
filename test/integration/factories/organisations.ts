import type { OrganisationDto } from '../../../src/organisations/organisations.dto';
import { CreateOrganisation } from '../../../src/organisations';
import { unique } from '../../support/unique';
import { ctxOf, type Features } from '../support/features';

/**
 * A registered organisation (a school board unless told otherwise), through the
 * organisations feature's own use case (one short transaction, with its audit event).
 * Needs OrganisationsModule.
 */
export function anOrganisation(f: Features, overrides: { kind?: OrganisationDto['kind']; name?: string; identifier?: string } = {}): Promise<OrganisationDto> {
  const kind = overrides.kind ?? 'school_board';
  const identifier = overrides.identifier ?? (kind === 'municipality' ? unique.gemeentecode() : kind === 'school_board' ? unique.bestuursnummer() : unique.kvk());
  return f.get(CreateOrganisation).execute(ctxOf(), { kind, name: overrides.name ?? 'Stichting Integratie', identifier });
}
