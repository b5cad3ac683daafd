import * as fs from 'node:fs';
import { decodeJwt } from 'jose';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../auth/actor';
import { mintLocalToken } from '../auth/token-verifier';
import { ConfigError, loadConfig } from '../config/config';
import { environmentOfRunningService } from '../config/running-service';

const USAGE = `Mints a bearer token signed with the local development key (no OIDC provider configured).

Usage: npm run token -- --role <role> [--org <organisationId>] [--sub <id>] [--expires 8h]

The token is signed with the key of the Subsidia running from this checkout (npm start,
whatever its DATA_DIR); with several running, PORT=<port> says which. DATA_DIR or
AUTH_LOCAL_KEY_FILE set here win; nothing running: the key in DATA_DIR (default .data).

Roles: ${ROLES.join(', ')}. An applicant needs --org. --expires is at most AUTH_MAX_TOKEN_LIFETIME_MINUTES (24 h by default).
A service account is a registered service client: an admin registers it (POST /api/v1/service-clients)
and issues its tokens (POST /api/v1/service-clients/{id}/tokens); or mint one here with
--role service --client <serviceClientId> --scope "<scopes>".
Example: curl -H "Authorization: Bearer $(npm run -s token -- --role officer)" http://localhost:3000/api/v1/organisations`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      scope: { type: 'string' },
      client: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const fail = (message: string): never => {
    console.error(`${message}\n\n${USAGE}`);
    process.exit(2);
  };
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if (values.role === 'applicant' && !values.org) fail('An applicant token needs --org <organisationId>');
  if (values.role === 'service' && (!values.scope || !values.client)) fail('A service token needs --client <serviceClientId> and --scope "<scope> ..."');
  const found = environmentOfRunningService('token');
  if (found.error) fail(found.error);
  for (const note of found.notes) console.error(note);
  let config;
  try {
    config = loadConfig(found.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (config!.auth.jwksUrl) fail('AUTH_JWKS_URL is set: tokens come from your OIDC provider, not from this command.');
  if (!fs.existsSync(config!.auth.localKeyFile)) {
    const nothingRunning = !found.service && found.notes.length === 0;
    console.error(
      `Note: ${nothingRunning ? 'no Subsidia is running from this checkout; ' : ''}this token is signed with a new key in ${config!.auth.localKeyFile}. ` +
        'A service accepts it when it starts with the same DATA_DIR.',
    );
  }
  const token = await mintLocalToken(
    config!.auth.localKeyFile,
    {
      sub: values.sub ?? `${values.role}-1`,
      role: values.role as Role,
      ...(values.org ? { org: values.org } : {}),
      ...(values.scope ? { scope: values.scope } : {}),
      ...(values.client ? { client_id: values.client } : {}),
    },
    values.expires,
  );
  // The service refuses a token that lives longer than AUTH_MAX_TOKEN_LIFETIME_MINUTES: say so here instead.
  const { exp, iat } = decodeJwt(token);
  const max = config!.auth.maxTokenLifetimeSeconds;
  if (exp! - iat! > max) fail(`--expires ${values.expires} is longer than the ${max / 3600} h a token may live (AUTH_MAX_TOKEN_LIFETIME_MINUTES)`);
  console.log(token);
}

void main();
