import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../../common/pagination/cursor';
import { Database } from '../../database/database';
import type { SchemePageDto } from '../dto/scheme-views.dto';
import type { SchemeQueryDto } from '../dto/scheme-commands.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { schemeDto } from '../scheme-mapping';

/** Schemes by code, a page at a time, each with its windows and budget lines. */
@Injectable()
export class ListSchemes {
  constructor(private readonly db: Database) {}

  async execute(query: SchemeQueryDto, selfHref: string): Promise<SchemePageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const schemes = new SchemeRepository(this.db.manager);
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && typeof c.v === 'string');
    const rows = await schemes.page(limit + 1, { allocationMethod: query.allocationMethod, after: cursor ? { code: cursor.v as string, id: cursor.id } : undefined });
    const ids = rows.map((r) => r.id);
    const [windows, lines] = ids.length ? await Promise.all([schemes.windowsOfMany(ids), schemes.budgetLinesOfMany(ids)]) : [[], []];
    const now = new Date();
    return toPage(rows, limit, selfHref, (r) => ({ v: r.code, id: r.id }), (r) =>
      schemeDto(r, windows.filter((w) => w.schemeId === r.id), lines.filter((l) => l.schemeId === r.id), now),
    );
  }
}
