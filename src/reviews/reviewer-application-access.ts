import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { grantApplicationReaders } from '../applications';

/** Which applications a reviewer may read: those it is assigned (and still assigned) to judge, while it sits on the committee. */
const ASSIGNED = (application: string, reviewer: string) =>
  `EXISTS (SELECT 1 FROM review_assignments x JOIN committee_members m ON m.committee_id = x.committee_id AND m.reviewer_id = x.reviewer_id AND m.active
            WHERE x.application_id = ${application} AND x.reviewer_id = ${reviewer} AND x.active)`;

/**
 * Registers the reviewers' sight of applications with the applications feature, which
 * asks it on every read and list (object-level access, OWASP API1) without knowing reviews.
 */
@Injectable()
export class ReviewerApplicationAccess implements OnModuleInit {
  onModuleInit(): void {
    grantApplicationReaders({
      role: 'reviewer',
      mayRead: async (em: EntityManager, reviewerId: string, applicationId: string) => {
        const [row]: { ok: boolean }[] = await em.query(`SELECT ${ASSIGNED('$1', '$2')} AS ok`, [applicationId, reviewerId]);
        return row.ok;
      },
      filterSql: (alias: string) => ASSIGNED(`${alias}.id`, ':me'),
    });
  }
}
