import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { DOCUMENT_CONTENT_TYPES } from './applications/domain/documents';
import { AppError, invalid, tooManyRequests } from './common/errors/app-error';
import { sendProblem } from './common/errors/problem.filter';
import { BANK_STATEMENT_CONTENT_TYPES, STATUS_REPORT_CONTENT_TYPES } from './payments';
import { API_PREFIX, API_VERSION } from './common/http/api-version';
import { answerClientError } from './common/http/client-errors';
import { jsonBodyProblem } from './common/http/json-guard';
import { unsupportedMediaType, type NonJsonBodyRoute } from './common/http/media-types';
import { RateLimits } from './common/http/rate-limits';
import { RouteTable } from './common/http/route-table';
import { securityHeaders } from './common/http/security-headers';
import { addressKey } from './common/net/ip-address';
import { PinoNestLogger } from './common/logging/logger';
import type { AppConfig } from './config/config';
import { Database } from './database/database';
import { createQueueBackend } from './jobs/queue-backend';
import { mountQueueDashboard } from './jobs/queue-dashboard';
import { Metrics } from './metrics/metrics';
import { buildOpenApiDocument } from './openapi/document';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const DOCUMENT_UPLOAD_ROUTE = /\/applications\/:applicationId\/(documents|accounts)$/;
const STATUS_REPORT_ROUTE = /\/payment-batches\/:batchId\/status-reports$/;
const BANK_STATEMENT_ROUTE = /\/bank-statements$/;
/** The routes that take a body other than JSON, for the 415 that names what a route takes. */
const NON_JSON_BODIES: NonJsonBodyRoute[] = [
  { route: DOCUMENT_UPLOAD_ROUTE, types: DOCUMENT_CONTENT_TYPES, what: 'A document' },
  { route: STATUS_REPORT_ROUTE, types: STATUS_REPORT_CONTENT_TYPES, what: 'A status report (pain.002)' },
  { route: BANK_STATEMENT_ROUTE, types: BANK_STATEMENT_CONTENT_TYPES, what: 'A bank statement (camt.053 or camt.054)' },
];

export function createAdapter(config: AppConfig, logger?: Logger): FastifyAdapter {
  return new FastifyAdapter({
    ...(logger ? { loggerInstance: logger } : {}),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // A caller's X-Correlation-ID is kept when it is sane, so a trace crosses systems.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // One access-log line per request, when it has been answered (below), instead of
    // Fastify's two ("incoming request" and "request completed"): the log's CPU share
    // under load halves, and the line still says who, what, how it ended and how long it took.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify's own refusals (a path parameter over 100 characters, a malformed URL) are
    // problem documents like every other error, and never echo the path back.
    frameworkErrors: sendFrameworkProblem,
    // While shutting down, requests still arriving on open connections get a problem
    // document from the hook in configureHttp instead of Fastify's plain JSON 503.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
  });
}

/** The HTML pages the service serves: the contract's docs (Swagger UI) and the queue dashboard (Bull Board). */
const HTML_PAGES = [`/${API_PREFIX}/docs`, '/admin/queues'];

/** What a worker process serves over HTTP, when WORKER_HTTP_PORT is set. */
const WORKER_PATHS = ['/health/live', '/health/ready', '/metrics'];

/** What every HTTP response carries, and the problem responses Fastify itself produces. */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics', 'admin/queues'] });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other body is a 415 problem that names what the route takes, not a
  // string (or a form, which is what curl -d sends without -H) handed to validation.
  const refuse = (request: { headers: Record<string, string | string[] | undefined>; routeOptions: { url?: string } }) =>
    unsupportedMediaType(String(request.headers['content-type'] ?? '') || undefined, request.routeOptions.url, NON_JSON_BODIES);
  fastify.removeContentTypeParser('text/plain');
  // Every JSON body is checked for its depth, its size in values and its text right after
  // parsing, before class-transformer or anything else walks it (common/http/json-guard.ts).
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', {}, (request, body, done) =>
    parseJson(request as never, body as unknown as string, (err, value) => {
      const problem = err ? undefined : jsonBodyProblem(value);
      if (err || problem) return done(err ?? invalid('REQUEST.INVALID_INPUT', [problem!]), undefined);
      done(null, value);
    }),
  );
  // A path some route has, with a method none of them takes: 405 with Allow (RFC 9110), not 404.
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('onRequest', (request, reply, done) => {
    const allowed = request.is404 ? routes.allowed(request.url.split('?')[0]) : [];
    if (allowed.length === 0) return done();
    reply.header('allow', allowed.join(', '));
    sendProblem(new AppError('method_not_allowed', 'REQUEST.METHOD_NOT_ALLOWED', `This resource takes ${allowed.join(', ')}; not ${request.method}.`), request, reply);
  });
  // A request that arrives while the service shuts down: 503, try again (on another instance).
  let closing = false;
  fastify.addHook('preClose', (done) => ((closing = true), done()));
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    sendProblem(new AppError('unavailable', 'SERVICE.SHUTTING_DOWN', 'This instance is shutting down; send the request again.', [], { retryAfter: 1 }), request, reply);
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => done(refuse(request), undefined));
  app.useBodyParser('application/x-www-form-urlencoded', {}, (request, _body, done) => done(refuse(request), undefined));
  // Documents are uploaded as their own bytes, in the allowed types, up to their own limit,
  // and only to the upload route: elsewhere such a body is refused before it is read.
  fastify.addContentTypeParser([...DOCUMENT_CONTENT_TYPES], (request, payload, done) => {
    if (!DOCUMENT_UPLOAD_ROUTE.test(request.routeOptions.url ?? '')) return done(refuse(request), undefined);
    const limit = config.http.documentMaxBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !failed) {
        failed = true;
        done(Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), undefined);
        payload.resume();
      } else if (!failed) chunks.push(chunk);
    });
    payload.on('end', () => failed || done(null, Buffer.concat(chunks)));
    payload.on('error', (err: Error) => failed || ((failed = true), done(err, undefined)));
  });
  // Per client address (OWASP API4), before anything else is done for the request; the
  // health probes are left alone, an orchestrator must always reach them.
  // Shared by every API process through Redis when REDIS_URL is set (RateLimits).
  const rateLimits = app.get(RateLimits);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health/live' || request.url === '/health/ready') return;
    const limit = config.rateLimits.perIpPerMinute;
    const verdict = await rateLimits.take('address', addressKey(request.ip), limit); // an IPv6 client by its /64
    if (verdict.allowed) return;
    sendProblem(tooManyRequests('RATE_LIMIT.ADDRESS', `At most ${limit} requests a minute come from one address; try again in ${verdict.retryAfterSeconds} s.`, verdict.retryAfterSeconds), request, reply);
    return reply;
  });
  // Request rate and latency by route template (never the raw URL: its ids would explode the label set).
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  // A bank's pain.002 status report and camt.053/.054 statements arrive as their XML documents, on their own routes only.
  fastify.addContentTypeParser([...new Set([...STATUS_REPORT_CONTENT_TYPES, ...BANK_STATEMENT_CONTENT_TYPES])], { parseAs: 'buffer', bodyLimit: config.http.documentMaxBytes }, (request, body, done) => {
    const route = request.routeOptions.url ?? '';
    if (!STATUS_REPORT_ROUTE.test(route) && !BANK_STATEMENT_ROUTE.test(route)) return done(refuse(request), undefined);
    done(null, body);
  });
  fastify.addHook('onSend', async (request, reply) => setResponseHeaders(request, reply));
}

/** The headers every response carries (the onSend hook; Fastify's own refusals skip hooks, so they call it too). */
function setResponseHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('api-version', API_VERSION);
  reply.header('x-correlation-id', request.id);
  reply.headers(securityHeaders(request.url, HTML_PAGES));
  if (!request.url.startsWith(`/${API_PREFIX}/docs`)) reply.header('cache-control', 'no-store');
}

/**
 * Fastify's refusals before routing (a path parameter over 100 characters, a percent-encoding
 * that does not decode): a problem document like every other error, whose `instance` leaves
 * out the offending path segments instead of echoing them.
 */
function sendFrameworkProblem(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  const decodes = (segment: string) => {
    try {
      decodeURIComponent(segment);
      return true;
    } catch {
      return false;
    }
  };
  const instance = path
    .split('/')
    .map((segment) => (segment.length <= 100 && decodes(segment) ? segment : '…'))
    .join('/');
  setResponseHeaders(request, reply);
  sendProblem(error, Object.create(request, { url: { value: instance } }) as FastifyRequest, reply);
}

export interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly database: Database;
  /** Base URL of the HTTP server (undefined in worker-only mode). */
  readonly url: string | undefined;
  readonly queueDescription: string;
  close(): Promise<void>;
}

/**
 * Opens the database (embedded when no server is configured), runs migrations, and
 * starts the HTTP API, the queue worker, or both, as `config.mode` says.
 */
export async function startApp(config: AppConfig, options: { logger?: Logger; inMemoryDatabase?: boolean; queuePrefix?: string } = {}): Promise<RunningApp> {
  // One prefix for everything this process keeps in Redis (queues, shared rate limits).
  if (options.queuePrefix) config = { ...config, queues: { ...config.queues, prefix: options.queuePrefix } };
  const database = await Database.open(config, { inMemory: options.inMemoryDatabase });
  const queueBackend = createQueueBackend(config, database.url, database.isEmbedded, options.queuePrefix ?? config.queues.prefix);
  const module = AppModule.register({ config, database, queueBackend, runWorkers: config.mode !== 'api' });
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(module, createAdapter(config, options.logger), {
      logger: options.logger ? new PinoNestLogger(options.logger) : false,
      abortOnError: false,
    });
    configureHttp(app, config);
    if (config.mode !== 'worker') {
      const document = buildOpenApiDocument(app);
      app.getHttpAdapter().getInstance().addHook('onRequest', async (request, reply) => {
        // The contract is public and readable from any origin (NL ADR /core/publish-openapi).
        if (request.url.startsWith(`/${API_PREFIX}/openapi.json`)) reply.header('access-control-allow-origin', '*');
      });
      await mountQueueDashboard(app, config);
      SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
        jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
        yamlDocumentUrl: `${API_PREFIX}/openapi.yaml`,
      });
      await app.listen({ port: config.port, host: config.host });
    } else if (config.workerHttpPort !== undefined) {
      // A worker serves its probes and its metrics (job durations are counted where the
      // jobs run), nothing else: every other path is a 404 before any route is looked at.
      app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
        if (WORKER_PATHS.includes(request.url.split('?')[0])) return done();
        sendProblem(new AppError('not_found', 'WORKER.NOT_SERVED', 'A worker process serves only /health/live, /health/ready and /metrics.'), request, reply);
      });
      await app.listen({ port: config.workerHttpPort, host: config.host });
    } else {
      await app.init();
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const address = config.mode === 'worker' && config.workerHttpPort === undefined ? undefined : app.getHttpServer().address();
  const url =
    address && typeof address === 'object' ? `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}` : undefined;
  return {
    app,
    database,
    url,
    queueDescription: queueBackend.description,
    async close() {
      try {
        await app.close(); // stops accepting requests, finishes those in flight, closes workers
      } finally {
        await database.close(); // and releases the data-dir lock
      }
    },
  };
}
