import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { createAdapter, configureHttp } from '../app';
import { loadConfig } from '../config/config';
import type { Database } from '../database/database';
import type { QueueBackend } from '../jobs/queue-backend';
import { buildOpenApiDocument } from './document';

/**
 * Writes the OpenAPI contract from the code, without a database: Nest's preview mode
 * builds the routes without instantiating providers.
 *   node dist/src/openapi/generate.js            writes openapi/openapi.json
 *   node dist/src/openapi/generate.js --check    fails when the committed file differs
 */
async function main(): Promise<void> {
  const config = loadConfig({});
  const module = AppModule.register({ config, database: {} as Database, queueBackend: {} as QueueBackend, runWorkers: false });
  const app = await NestFactory.create<NestFastifyApplication>(module, createAdapter(config), { preview: true, logger: false });
  configureHttp(app, config);
  const text = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  const file = path.resolve(__dirname, '../../../openapi/openapi.json');
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      console.error('openapi/openapi.json differs from what the code generates: run `npm run openapi` and commit the result.');
      process.exit(1);
    }
    console.log('openapi/openapi.json matches the code.');
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
  await app.close();
}

void main();
