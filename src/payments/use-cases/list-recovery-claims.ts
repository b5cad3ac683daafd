import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { claimDto } from '../determination-dtos';
import type { RecoveryClaimListDto, RecoveryClaimQueryDto } from '../determination.dto';
import { RecoveryClaimRepository } from '../persistence/recovery-claim.repository';

@Injectable()
export class ListRecoveryClaims {
  constructor(private readonly db: Database) {}

  /** Recovery claims by number, optionally of one organisation and one status. */
  async execute(query: RecoveryClaimQueryDto): Promise<RecoveryClaimListDto> {
    const rows = await new RecoveryClaimRepository(this.db.manager).list({ organisationId: query.organisationId, status: query.status });
    return { items: rows.map(claimDto) };
  }
}
