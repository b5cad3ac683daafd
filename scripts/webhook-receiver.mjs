// A webhook subscriber for trying Subsidia's webhooks on one machine (the README's tour):
// listens on 127.0.0.1 (a free port unless --port says), prints its URL as the first line,
// then one line per delivery (a CloudEvent): the event id, its type and subject, and whether the
// Standard Webhooks signature verifies with the secret in --secret-file (read on every
// delivery, so it can be written after the receiver started). Answers 204.
//
//   node scripts/webhook-receiver.mjs [--port 4567] [--secret-file FILE]
//
// The service must allow it: WEBHOOK_ALLOW_HTTP=true WEBHOOK_ALLOW_PRIVATE_TARGETS=true
// (development only).
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'secret-file': { type: 'string' } } });

function verdict(headers, body) {
  const file = values['secret-file'];
  if (!file || !fs.existsSync(file)) return 'signature not checked (no secret file yet)';
  const secret = fs.readFileSync(file, 'utf8').trim();
  // Standard Webhooks: the secret is base64, after the prefix "whsec_".
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  const given = String(headers['webhook-signature'] ?? '')
    .split(' ')
    .map((s) => Buffer.from(s.replace(/^v1,/, ''), 'base64'));
  return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected)) ? 'signature ok' : 'signature BAD';
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event = {};
    try {
      event = JSON.parse(body);
    } catch {
      // shown as it is below
    }
    console.log(`${request.headers['webhook-id']} ${event.type ?? '?'} ${event.subject ?? ''} ${verdict(request.headers, body)}`);
    response.writeHead(204).end();
  });
});
server.listen(Number(values.port), '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/hooks`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
