import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { instructionDto } from '../instruction-dto';
import { InstructionRepository } from '../persistence/instruction.repository';
import type { InstructionListDto, InstructionQueryDto } from '../payments.dto';

@Injectable()
export class ListInstructions {
  constructor(private readonly db: Database) {}

  async execute(query: InstructionQueryDto): Promise<InstructionListDto> {
    const limit = query.limit ?? 100;
    const rows = await new InstructionRepository(this.db.manager).list({
      status: query.status,
      schemeId: query.schemeId,
      organisationId: query.organisationId,
      commitmentKey: query.commitmentKey,
      after: query.after,
      limit,
    });
    return { items: rows.slice(0, limit).map(instructionDto), nextAfter: rows.length > limit ? rows[limit - 1].number : null };
  }
}
