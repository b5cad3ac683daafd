import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_PREFIX, API_VERSION } from '../common/http/api-version';

type Operation = {
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: unknown }>;
  security?: unknown[];
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details, with a stable `code` and, for invalid input, `invalidParams`.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://subsidia.nl/problems/organisation-invalid-iban' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields.' },
    instance: { type: 'string', example: '/api/v1/organisations' },
    code: { type: 'string', example: 'ORGANISATION.INVALID_IBAN' },
    correlationId: { type: 'string', example: '5f1c7a1e-2c1b-4d8e-9a56-0f3c2b1d7e4a' },
    retryAfter: { type: 'integer', minimum: 1, description: 'With 429: seconds until a request fits the rate limit again; with 503: seconds until the service expects to serve it (also in Retry-After).' },
    invalidParams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string', example: 'iban' }, reason: { type: 'string', example: 'has the wrong check digits' } },
      },
    },
  },
};

const GENERIC_PROBLEMS: Record<string, string> = {
  '400': 'Invalid input: `invalidParams` names each field and the reason.',
  '401': 'No token, or a token that could not be verified.',
  '403': 'The role or scope may not do this.',
  '429': 'Too many requests from this address or service client: try again after `Retry-After` seconds.',
  '500': 'Something went wrong on our side; quote the correlation id.',
  '503': 'The database cannot serve the request now (it is unreachable, or the request collided with another and was undone): try again after `Retry-After` seconds, with the same Idempotency-Key.',
};
const BODY_PROBLEMS: Record<string, string> = {
  '413': 'The body is too large.',
  '415': 'The body must be application/json.',
};

const problemResponse = (description: string, status: string) => ({
  description,
  headers: {
    'API-Version': { $ref: '#/components/headers/API-Version' },
    ...(status === '429' || status === '503' ? { 'Retry-After': { description: 'Seconds to wait before the next request.', schema: { type: 'integer', minimum: 1 } } } : {}),
  },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The OpenAPI contract, generated from the controllers and DTOs and completed with
 * what holds for every route: the API-Version header and the problem responses
 * (NL API Design Rules).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Subsidia API')
    .setDescription(
      'Grants and decentralisation payments for Dutch public funders: schemes, applications, committee review, ' +
        'award decisions and disbursements.\n\n' +
        'Money is a decimal string in euros with exactly two decimals (`"23000000.00"`); internally it is integer euro cents. ' +
        'Errors are `application/problem+json` (RFC 9457). Writes accept an `Idempotency-Key` header; updates return an `ETag` ' +
        'and honour `If-Match`. Lists are paginated with an opaque `cursor` and `links.next`.\n\n' +
        'Text never holds control characters (NUL, ESC, BEL, …), bidirectional overrides or isolates (U+202A–U+202E, ' +
        'U+2066–U+2069) or lone UTF-16 surrogates; a text field is one line unless it is marked `x-multiline`, where tabs and ' +
        'line breaks are kept. A JSON body holds at most 5,000 values, nested at most 32 levels deep. Each refusal is a 400 ' +
        'problem naming the field.',
    )
    .setVersion(API_VERSION)
    .setContact('Subsidia developers', 'https://subsidia.nl', 'developers@subsidia.nl')
    .setLicense('EUPL-1.2', 'https://eupl.eu/1.2/en/')
    .addServer(`/${API_PREFIX}`, 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    ignoreGlobalPrefix: true,
    operationIdFactory: (_controller, method) => method,
  });

  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA as never };
  document.components.headers = {
    'API-Version': { description: 'The full version of this API (semver).', schema: { type: 'string', example: API_VERSION } },
  };

  for (const pathItem of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(pathItem as Record<string, Operation>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        if (/^[23]\d\d$/.test(status)) response.headers = { ...response.headers, 'API-Version': { $ref: '#/components/headers/API-Version' } };
        else if (/^[45]\d\d$/.test(status)) op.responses[status] = problemResponse(response.description, status);
      }
      const hasInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined || method !== 'get';
      const extra = { ...GENERIC_PROBLEMS, ...(op.requestBody ? BODY_PROBLEMS : {}) };
      if (!hasInput) delete extra['400'];
      if (!op.security) {
        delete extra['401'];
        delete extra['403'];
      }
      for (const [status, description] of Object.entries(extra)) op.responses[status] ??= problemResponse(description, status);
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}
