/** The media types a report endpoint serves besides JSON. */
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content negotiation by `Accept` (RFC 9110 §12.5.1, without wildcards beyond `*\/*`): the
 * offered type with the highest q wins; the first offered (JSON) on a tie, when none is
 * named, or when the header is absent.
 */
export function preferredType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  const q = (type: string): number => {
    for (const part of (accept ?? '').toLowerCase().split(',')) {
      const [media, ...params] = part.trim().split(';');
      if (media.trim() !== type) continue;
      const value = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return value ? Number(value.slice(2)) || 0 : 1;
    }
    return -1;
  };
  let best = offered[0];
  let bestQ = Math.max(q(best), 0);
  for (const type of offered.slice(1)) {
    const value = q(type);
    if (value > bestQ) [best, bestQ] = [type, value];
  }
  return best;
}
