import type { EntityManager } from 'typeorm';
import { ServiceClientRecord } from './service-client.entity';

/**
 * Registered service clients. What the database enforces
 * (migrations/1764331200000-ServiceClients.ts): `service_clients_name_key` (one client per
 * name: 409 `SERVICE_CLIENT.NAME_TAKEN`) and the CHECK `service_clients_revocation_consistent`
 * (revoked exactly when it has a revocation moment). The trigger `audit_events_webhook_outbox`
 * (webhooks) reads a client's status and scopes when it fans an event out.
 */
export class ServiceClientRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<ServiceClientRecord | null> {
    return this.em.findOneBy(ServiceClientRecord, { id });
  }

  /** The client under its row lock (FOR UPDATE). */
  lock(id: string): Promise<ServiceClientRecord | null> {
    return this.em.findOne(ServiceClientRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  all(): Promise<ServiceClientRecord[]> {
    return this.em.find(ServiceClientRecord, { order: { name: 'ASC', id: 'ASC' } });
  }

  insert(values: Pick<ServiceClientRecord, 'name' | 'scopes' | 'rateLimitPerMinute' | 'status' | 'createdBy'>): Promise<ServiceClientRecord> {
    return this.em.save(this.em.create(ServiceClientRecord, values));
  }

  save(client: ServiceClientRecord): Promise<ServiceClientRecord> {
    return this.em.save(client);
  }

  /**
   * Locks the client's row (SELECT ... FOR UPDATE, nothing read): serialises what another
   * feature counts per client (its webhook subscriptions). No row when there is no client.
   */
  async lockRow(id: string | undefined): Promise<void> {
    await this.em.query(`SELECT id FROM service_clients WHERE id = $1 FOR UPDATE`, [id]);
  }
}
