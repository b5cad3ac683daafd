import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `invalidParams` names each field and the reason.',
  401: 'No token, or a token that could not be verified.',
  403: 'The role or scope may not do this.',
  404: 'Not found (or not visible to the caller).',
  409: 'Conflicts with the current state: `code` says which rule.',
  412: 'If-Match does not name the current version.',
  413: 'The body is too large.',
  415: 'The body’s media type is not accepted here (JSON, or one of the document types where the route takes a file).',
  422: 'The Idempotency-Key was used for a different request.',
  500: 'Something went wrong on our side; quote the correlation id.',
};

/** Documents the problem responses a route can give (content application/problem+json). */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }),
    ),
  );
