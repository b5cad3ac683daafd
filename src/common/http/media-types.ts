import { AppError } from '../errors/app-error';

/** A route that takes a body other than JSON: its path (Fastify's route template) and types. */
export interface NonJsonBodyRoute {
  readonly route: RegExp;
  readonly types: readonly string[];
  /** What the body is, for the message ("A document", "A status report"). */
  readonly what: string;
}

/**
 * The 415 for a body whose media type the route does not take, naming the type it does
 * take (JSON unless the route is one of `routes`) and the type the request said it sent.
 */
export function unsupportedMediaType(contentType: string | undefined, routeUrl: string | undefined, routes: readonly NonJsonBodyRoute[]): AppError {
  const said = contentType ? `this request said ${contentType.split(';')[0].trim()}` : 'this request sent no Content-Type';
  const own = routes.find((r) => r.route.test(routeUrl ?? ''));
  if (own) {
    return new AppError('unsupported_media_type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `${own.what} is sent as its own bytes with Content-Type ${own.types.join(', ')}; ${said}.`);
  }
  const curl = /^application\/x-www-form-urlencoded/i.test(contentType ?? '') ? ' (curl -d without -H sends that)' : '';
  return new AppError('unsupported_media_type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `This endpoint takes a JSON body: send it with Content-Type: application/json; ${said}${curl}.`);
}
