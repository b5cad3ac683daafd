import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service clients: the other systems that use Subsidia's API (a municipality's case
 * system, the ministry's finance system). A service token is bound to one by its
 * `client_id` claim; the client's scopes bound what the token may do, and revoking the
 * client ends every token it holds.
 */
export class ServiceClients1764331200000 implements MigrationInterface {
  name = 'ServiceClients1764331200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_clients (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                  text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        scopes                text[] NOT NULL CHECK (cardinality(scopes) >= 1),
        rate_limit_per_minute integer CHECK (rate_limit_per_minute >= 1),
        status                text NOT NULL CHECK (status IN ('active', 'revoked')),
        created_by            text NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        revoked_by            text,
        revoked_at            timestamptz,
        version               integer NOT NULL DEFAULT 1,
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_clients_name_key UNIQUE (name),
        CONSTRAINT service_clients_revocation_consistent CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
