/**
 * A V8 CPU profile (`node --cpu-prof`) summarised: self time by area (a package, a
 * folder of src/, Node itself, GC, idle), the functions with the most self time, and the
 * time spent inside (inclusive) a few parts of the submit path.
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(?:bench-build\/)?((?:src|bench|migrations)\/[^/]+)/.exec(url);
  if (own) return own[1];
  if (url.startsWith('node:')) return 'node: (Node.js itself)';
  return url;
}

/** Parts of the submit path, by the file their code is in: time inside them, callees included. */
const PARTS: Record<string, (url: string, fn: string) => boolean> = {
  'token verification (AccessGuard, jose)': (url) => /src\/auth\/(access\.guard|token-verifier)/.test(url),
  'idempotency (interceptor and store)': (url) => /src\/common\/idempotency\//.test(url),
  'body/param validation (class-validator, class-transformer)': (url) => /node_modules\/class-(validator|transformer)\//.test(url),
  'the submit use case (transaction, queries, audit)': (url, fn) => /src\/applications\/application-transitions/.test(url) && fn !== '',
  'audit event': (url) => /src\/audit\/audit-trail/.test(url),
  'logging (pino, masking)': (url) => /node_modules\/pino\/|src\/common\/logging\//.test(url),
  'TypeORM': (url) => /node_modules\/typeorm\//.test(url),
  'pg driver': (url) => /node_modules\/(pg|pg-protocol|pg-pool)\//.test(url),
};

export function summariseProfile(file: string) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const idle = [...self.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((t, [, v]) => t + v, 0);
  const busy = total - idle;
  const pct = (us: number) => Number(((100 * us) / busy).toFixed(1));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    areas.set(area(node), (areas.get(area(node)) ?? 0) + us);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${area(node)}:${node.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  // Inclusive: a sample counts for a part when any frame on its stack belongs to it.
  const inclusive = new Map<string, number>(Object.keys(PARTS).map((k) => [k, 0]));
  const stackParts = new Map<number, Set<string>>();
  const partsOf = (id: number): Set<string> => {
    const known = stackParts.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.has(id) ? partsOf(parent.get(id)!) : new Set<string>();
    const mine = new Set(up);
    for (const [part, test] of Object.entries(PARTS)) if (test(node.callFrame.url, node.callFrame.functionName)) mine.add(part);
    stackParts.set(id, mine);
    return mine;
  };
  for (let i = 0; i < profile.samples.length; i++) for (const part of partsOf(profile.samples[i])) inclusive.set(part, inclusive.get(part)! + (profile.timeDeltas[i] ?? 0));
  const sorted = (m: Map<string, number>, n: number) => Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, pct(v)]));
  return {
    file,
    sampledMs: Math.round(total / 1000),
    idlePercent: Number(((100 * idle) / total).toFixed(1)),
    note: 'percentages are of the busy (non-idle) time of the server process',
    byArea: sorted(areas, 25),
    topFunctions: sorted(functions, 30),
    insideParts: sorted(inclusive, 20),
  };
}

if (require.main === module) {
  console.log(JSON.stringify(summariseProfile(process.argv[2]), null, 2));
}
