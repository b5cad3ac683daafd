import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository's (or the installed app's) root: the nearest directory above this file
 * holding package.json (src/config in the tests, dist/src/config in the build).
 */
export function repositoryRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`No package.json above ${__dirname}`);
}

/** A file of the vendored reference data (vendor/README.md): SEPA schemas, IBAN vectors, the ADR ruleset. */
export function vendorFile(...parts: string[]): string {
  return path.join(repositoryRoot(), 'vendor', ...parts);
}
