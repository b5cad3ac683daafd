import { invalid } from '../errors/app-error';

/**
 * Keyset pagination: the cursor holds the sort value and id of the last row served,
 * so pages stay stable while rows are added, and deep pages cost no more than the first.
 */
export interface Cursor {
  /** The sort column's value of the last row (as text). */
  v: string | null;
  /** The id of the last row: the tie-break that makes the order total. */
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Reads a cursor from the query string. `fits` tells whether it belongs to the list at
 * hand (its id and sort value have the right form), so a forged or foreign cursor is a
 * 400 naming `cursor`, never a database error.
 */
export function decodeCursor(raw: string | undefined, fits: (cursor: Cursor) => boolean): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.id === 'string' && (typeof parsed.v === 'string' || parsed.v === null)) {
      const cursor = { v: parsed.v, id: parsed.id };
      if (fits(cursor)) return cursor;
    }
  } catch {
    // fall through
  }
  throw invalid('REQUEST.INVALID_CURSOR', [{ name: 'cursor', reason: 'is not a cursor this API handed out' }]);
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface Page<T> {
  items: T[];
  links: { self: { href: string }; next?: { href: string } };
}

/** Builds the page from `limit + 1` fetched rows: the extra row only tells there is a next page. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  selfHref: string,
  cursorOf: (row: R) => Cursor,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const shown = hasMore ? rows.slice(0, limit) : rows;
  const page: Page<T> = { items: shown.map(map), links: { self: { href: selfHref } } };
  if (hasMore) {
    const url = new URL(selfHref, 'http://x');
    url.searchParams.set('cursor', encodeCursor(cursorOf(shown[shown.length - 1])));
    page.links.next = { href: `${url.pathname}${url.search}` };
  }
  return page;
}
