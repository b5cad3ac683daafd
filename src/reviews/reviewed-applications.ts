import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type Application } from '../applications';
import { AssignmentRepository } from './persistence/assignment.repository';

/** The applications a committee reviews: every one it has assigned a reviewer to, withdrawn ones left out. */
@Injectable()
export class ReviewedApplications {
  constructor(private readonly applications: ApplicationDirectory) {}

  /** By receipt number; with `lock`, in id order under their write locks (the order every writer locks them in). */
  async of(em: EntityManager, committeeId: string, lock = false): Promise<Application[]> {
    const ids = await new AssignmentRepository(em).applicationIds(committeeId);
    if (lock) return (await this.applications.lockMany(em, ids)).filter((a) => a.status !== 'withdrawn');
    const apps = (await this.applications.findMany(em, ids)).filter((a) => a.status !== 'withdrawn');
    return apps.sort((x, y) => x.receiptNumber! - y.receiptNumber!);
  }
}
