/** A small hand-written SVG: requests per second per concurrency, Subsidia beside the baseline. */
export interface ChartFigure {
  connections: number;
  subsidia: { requestsPerSecond: number };
  baseline: { requestsPerSecond: number };
  ratio: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function throughputChart(title: string, figures: ChartFigure[]): string {
  const width = 560;
  const height = 320;
  const left = 60;
  const right = 20;
  const top = 40;
  const bottom = 50;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxValue = Math.max(...figures.flatMap((f) => [f.subsidia.requestsPerSecond, f.baseline.requestsPerSecond]), 1);
  const step = Math.pow(10, Math.floor(Math.log10(maxValue)));
  const yMax = Math.ceil(maxValue / step) * step;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const group = plotW / figures.length;
  const bar = Math.min(60, group / 3);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  parts.push(`<text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle">requests / s</text>`);
  figures.forEach((f, i) => {
    const cx = left + group * i + group / 2;
    const bars: [number, string][] = [
      [f.subsidia.requestsPerSecond, '#1f6fb2'],
      [f.baseline.requestsPerSecond, '#aaa'],
    ];
    bars.forEach(([v, color], j) => {
      const x = cx - bar + j * bar;
      parts.push(`<rect x="${x}" y="${y(v)}" width="${bar - 4}" height="${top + plotH - y(v)}" fill="${color}"/>`);
      parts.push(`<text x="${x + (bar - 4) / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="11">${v}</text>`);
    });
    parts.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="middle">${f.connections} conn. (ratio ${f.ratio.toFixed(2)})</text>`);
  });
  parts.push(`<rect x="${left}" y="${height - 22}" width="12" height="12" fill="#1f6fb2"/><text x="${left + 16}" y="${height - 12}">Subsidia</text>`);
  parts.push(`<rect x="${left + 100}" y="${height - 22}" width="12" height="12" fill="#aaa"/><text x="${left + 116}" y="${height - 12}">baseline (Fastify + pg, same SQL)</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
