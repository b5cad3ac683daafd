import { AppError } from '../errors/app-error';

/** Strong ETag from a row version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Optimistic concurrency: a write with If-Match must name the current version, or
 * it is refused with 412 and nothing changes. Without If-Match the write proceeds.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw new AppError(
      'precondition_failed',
      'REQUEST.PRECONDITION_FAILED',
      `If-Match ${ifMatch} does not match the current version ${etagOf(currentVersion)}: read the resource again and retry.`,
      [],
      { currentEtag: etagOf(currentVersion) },
    );
  }
}
