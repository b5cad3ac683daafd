import type { EntityManager } from 'typeorm';
import { databaseNow } from '../database/clock';
import type { SchemeDto } from './dto/scheme-views.dto';
import type { SchemeRecord } from './persistence/scheme.entity';
import { SchemeRepository } from './persistence/scheme.repository';
import { schemeDto } from './scheme-mapping';

/** The scheme as the API shows it, with its windows and budget lines, as of the database's clock. */
export async function loadSchemeView(em: EntityManager, scheme: SchemeRecord): Promise<SchemeDto> {
  const schemes = new SchemeRepository(em);
  // One after the other: inside a transaction they share one connection.
  const windows = await schemes.windows(scheme.id);
  const lines = await schemes.budgetLines(scheme.id);
  const now = await databaseNow(em);
  return schemeDto(scheme, windows, lines, now);
}
