import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import type { SchemeDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { schemeNotFound } from '../scheme-access';
import { loadSchemeView } from '../scheme-view';

/** One scheme with its windows and budget lines. */
@Injectable()
export class GetScheme {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<SchemeDto> {
    const scheme = await new SchemeRepository(this.db.manager).find(id);
    if (!scheme) throw schemeNotFound(id);
    return loadSchemeView(this.db.manager, scheme);
  }
}
