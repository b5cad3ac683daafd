import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository's root: the nearest directory above this file holding package.json and
 * vendor/ (src/config in the tests, dist/src/config in the build).
 */
export function repositoryRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'vendor'))) return dir;
  }
  throw new Error(`No repository root (package.json beside vendor/) above ${__dirname}`);
}

/** A file of the vendored reference data (vendor/README.md): SEPA schemas, IBAN vectors, the ADR ruleset. */
export function vendorFile(...parts: string[]): string {
  return path.join(repositoryRoot(), 'vendor', ...parts);
}
