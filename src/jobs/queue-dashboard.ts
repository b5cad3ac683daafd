import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LOCAL_ISSUER, loadOrCreateLocalKey } from '../auth/local-signing-key';
import { TokenVerifier } from '../auth/token-verifier';
import { AppError } from '../common/errors/app-error';
import { sendProblem } from '../common/errors/problem.filter';
import type { AppConfig } from '../config/config';
import { QUEUES } from './job-names';
import { Jobs } from './jobs.service';

export const DASHBOARD_PATH = '/admin/queues';
const DASHBOARD_AUDIENCE = 'subsidia-queue-dashboard';
const COOKIE = 'subsidia_dashboard';

const LOGIN_PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Subsidia: wachtrijen</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Wachtrijen (queues)</h1>
<p>Paste an admin bearer token (<code>npm run -s token -- --role admin</code>).</p>
<form id="f"><input id="t" type="password" autocomplete="off" style="width: 100%" aria-label="token">
<p><button>Open the dashboard</button></p></form><p id="e" role="alert"></p>
<script src="${DASHBOARD_PATH}/login.js"></script></body></html>`;

/** The login page's script, served as a file: the pages' Content-Security-Policy allows no inline script. */
const LOGIN_SCRIPT = `document.getElementById('f').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const res = await fetch('${DASHBOARD_PATH}/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: document.getElementById('t').value }) });
  if (res.ok) location.href = '${DASHBOARD_PATH}';
  else document.getElementById('e').textContent = (await res.json()).detail;
});
`;

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // a mangled cookie is no token
    }
  }
  return undefined;
}

/** A stylesheet link to another origin (Bull Board's Google web font). */
const EXTERNAL_STYLESHEETS = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/gi;

/**
 * The queue dashboard (Bull Board) for admins, at /admin/queues, read-only. An admin's
 * bearer token in the Authorization header opens it; a browser exchanges the token once,
 * on the login page, for a dashboard session (a token for this audience only, an hour) in
 * an HttpOnly, SameSite=Strict cookie scoped to the dashboard's path.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const jobs = app.get(Jobs);
  const tokens = app.get(TokenVerifier);
  const adapter = new BullBoardFastifyAdapter();
  createBullBoard({
    // Read-only: a job is retried or removed through the API that audits it (an award
    // decision only by the scheme's officers), never from here.
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(jobs.queue(name) as never, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Subsidia' } },
  });
  adapter.setBasePath(DASHBOARD_PATH);

  const admin = async (token: string | undefined): Promise<string> => {
    if (!token) throw new AppError('unauthenticated', 'AUTH.MISSING_TOKEN', 'The queue dashboard is for admins: send a bearer token, or log in at ' + `${DASHBOARD_PATH}/login.`);
    const actor = await tokens.verify(token);
    if (actor.role !== 'admin') throw new AppError('forbidden', 'AUTH.ROLE_NOT_ALLOWED', 'The queue dashboard is for admins.');
    return actor.id;
  };
  // The browser's cookie holds a session of its own, good for the dashboard for an hour and
  // for nothing else (another audience), never the admin's API token.
  const sessionKey = createSecretKey(loadOrCreateLocalKey(config.auth.localKeyFile));
  const newSession = (adminId: string) =>
    new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer(LOCAL_ISSUER).setAudience(DASHBOARD_AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(sessionKey);
  const session = async (cookie: string | undefined): Promise<void> => {
    if (!cookie) return void (await admin(undefined));
    try {
      await jwtVerify(cookie, sessionKey, { issuer: LOCAL_ISSUER, audience: DASHBOARD_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
    } catch {
      throw new AppError('unauthenticated', 'AUTH.INVALID_TOKEN', `The dashboard session has expired or is not valid: log in at ${DASHBOARD_PATH}/login.`);
    }
  };

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.get(`${DASHBOARD_PATH}/login`, async (_request, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
    scope.get(`${DASHBOARD_PATH}/login.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_SCRIPT));
    scope.post(`${DASHBOARD_PATH}/login`, async (request: FastifyRequest, reply: FastifyReply) => {
      const token = (request.body as { token?: unknown } | undefined)?.token;
      let adminId: string;
      try {
        adminId = await admin(typeof token === 'string' ? token : undefined);
      } catch (err) {
        return sendProblem(err, request, reply);
      }
      const secure = config.http.publicUrl.startsWith('https:') ? '; Secure' : '';
      reply.header('set-cookie', `${COOKIE}=${await newSession(adminId)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=3600${secure}`);
      return reply.status(204).send();
    });
    await scope.register(async (board) => {
      board.addHook('onRequest', async (request, reply) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        try {
          if (bearer) await admin(bearer);
          else await session(cookieToken(request.headers.cookie));
        } catch (err) {
          if (!bearer && (request.headers.accept ?? '').includes('text/html') && err instanceof AppError && err.kind === 'unauthenticated') {
            return reply.redirect(`${DASHBOARD_PATH}/login`, 303);
          }
          return sendProblem(err, request, reply);
        }
      });
      // Bull Board's page links a web font on Google's servers: the dashboard loads nothing
      // from outside the service (privacy; closed networks), so the link goes and the page
      // uses the system's fonts (the CSP refuses it anyway).
      board.addHook('onSend', async (_request, reply, payload) => {
        if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('text/html')) return payload;
        return payload.replace(EXTERNAL_STYLESHEETS, '');
      });
      await board.register(adapter.registerPlugin(), { prefix: DASHBOARD_PATH });
    });
  });
}
