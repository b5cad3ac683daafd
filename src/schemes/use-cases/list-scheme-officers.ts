import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import type { OfficerListDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { schemeNotFound } from '../scheme-access';
import { officerList } from '../scheme-mapping';

/** The scheme's officers. */
@Injectable()
export class ListSchemeOfficers {
  constructor(private readonly db: Database) {}

  async execute(schemeId: string): Promise<OfficerListDto> {
    const schemes = new SchemeRepository(this.db.manager);
    if (!(await schemes.exists(schemeId))) throw schemeNotFound(schemeId);
    return officerList(await schemes.officers(schemeId));
  }
}
