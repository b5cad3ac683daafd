import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ServiceClientRecord } from './persistence/service-client.entity';
import { ServiceClientRepository } from './persistence/service-client.repository';

type Plain<T> = { readonly [K in keyof T]: T[K] };
/** A registered service client as others read it (a snapshot, never the mapped entity to save). */
export type ServiceClient = Plain<ServiceClientRecord>;

/**
 * What the platform and other features may read of service clients, on the caller's
 * EntityManager. Stateless: the access guard (auth, a platform module that imports no
 * feature module) constructs its own.
 */
@Injectable()
export class ServiceClientDirectory {
  find(em: EntityManager, id: string): Promise<ServiceClient | null> {
    return new ServiceClientRepository(em).find(id);
  }

  /** Locks the client's row in the caller's transaction (no row, no lock: the caller decides what that means). */
  lock(tx: EntityManager, id: string | undefined): Promise<void> {
    return new ServiceClientRepository(tx).lockRow(id);
  }
}
