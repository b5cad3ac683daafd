import type { ValueTransformer } from 'typeorm';

/** bigint columns of cents come back from pg as strings; in code they are bigints. */
export const CENTS: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
