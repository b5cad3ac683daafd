import type { InvalidParam } from '../errors/app-error';
import { textProblem } from './text-rules';

/**
 * The shape a JSON body may have, checked right after parsing and before anything walks it
 * recursively (class-transformer, validation, the idempotency key's canonical JSON): a body
 * nested thousands of levels deep overflows their stacks, and a megabyte of tiny objects
 * (100k) cost 2.5–4 s of event loop in class-transformer; 5,000 values cost it about a tenth
 * of a second. The largest body the contract allows (a scheme with 200 budget lines, 50
 * windows, 100 regions and 30 criteria) has about 2,500 values; the seed's largest has 340.
 */
export const JSON_LIMITS = { maxDepth: 32, maxValues: 5_000 } as const;

interface Pending {
  value: unknown;
  key: string;
  parent: Pending | undefined;
  depth: number;
}

const nameOf = (node: Pending | undefined): string => {
  const keys: string[] = [];
  for (let n = node; n?.parent; n = n.parent) keys.push(n.key);
  return keys.reverse().join('.') || 'body';
};

/**
 * The first problem of a parsed JSON body, or undefined: too deep, too many values, or a
 * string (or property name) that is not acceptable text. Iterative, so that it cannot
 * overflow itself; it stops at the first problem.
 */
export function jsonBodyProblem(body: unknown, limits: { maxDepth: number; maxValues: number } = JSON_LIMITS): InvalidParam | undefined {
  const stack: Pending[] = [{ value: body, key: '', parent: undefined, depth: 0 }];
  let values = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      const reason = textProblem(value);
      if (reason) return { name: nameOf(node), reason };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (node.depth >= limits.maxDepth) return { name: nameOf(node), reason: `is nested more than ${limits.maxDepth} levels deep` };
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    values += size;
    if (values > limits.maxValues) return { name: 'body', reason: `has more than ${limits.maxValues} values; no request of this API needs that many` };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (!Array.isArray(value)) {
        const reason = textProblem(key);
        if (reason) return { name: nameOf(node), reason: `has a property name that ${reason}` };
      }
      stack.push({ value: child, key, parent: node, depth: node.depth + 1 });
    }
  }
  return undefined;
}
