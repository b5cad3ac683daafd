import fc from 'fast-check';
import { toCloudEvent } from './cloud-event';

const profile = { source: 'urn:nld:oin:00000001234567890000:systeem:subsidia', typePrefix: 'nl.minocw.subsidia', apiUrl: 'https://subsidia.example.nl/api/v1' };
const at = new Date('2026-12-04T09:00:00.000Z');

describe('webhook bodies as CloudEvents (NL GOV profile for CloudEvents 1.0)', () => {
  it('NL GOV profile: specversion 1.0, the source URN, a reverse-DNS type, subject as kind/id, time, datacontenttype and a dataref', () => {
    const event = toCloudEvent('5b0c4f0e-1b1a-4b35-9c39-7b4f4c0b2f11', 'decision.made', { id: 'x', type: 'decision.made', occurredAt: '2026-12-03T10:15:00.123Z', action: 'application.awarded', subject: { type: 'application', id: 'a1' } }, at, profile);
    expect(event).toEqual({
      specversion: '1.0',
      id: '5b0c4f0e-1b1a-4b35-9c39-7b4f4c0b2f11',
      source: 'urn:nld:oin:00000001234567890000:systeem:subsidia',
      type: 'nl.minocw.subsidia.decision.made',
      subject: 'application/a1',
      time: '2026-12-03T10:15:00.123Z',
      datacontenttype: 'application/json',
      dataref: 'https://subsidia.example.nl/api/v1/applications/a1',
      data: { action: 'application.awarded', subject: { type: 'application', id: 'a1' } },
    });
  });

  it('a subject without a resource of its own gets no dataref; a stored event without a subject or time still makes a valid event', () => {
    const failed = toCloudEvent('e1', 'payment.failed', { action: 'payment_instruction.failed', subject: { type: 'payment_instruction', id: 'p1' } }, at, profile);
    expect(failed.dataref).toBeUndefined();
    expect(failed.subject).toBe('payment_instruction/p1');
    const bare = toCloudEvent('e2', 'application.submitted', {}, at, profile);
    expect(bare).toMatchObject({ specversion: '1.0', id: 'e2', time: '2026-12-04T09:00:00.000Z', data: { action: null, subject: null } });
    expect('subject' in bare).toBe(false);
  });

  it('CloudEvents 1.0: id, source, specversion and type are always non-empty strings, whatever was stored', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('application.submitted', 'decision.made', 'batch.approved'), fc.anything(), (id, type, stored) => {
        const event = toCloudEvent(id, type, (stored ?? {}) as never, at, profile);
        for (const key of ['id', 'source', 'specversion', 'type'] as const) expect(typeof event[key] === 'string' && event[key].length > 0).toBe(true);
        expect(event.type.startsWith('nl.minocw.subsidia.')).toBe(true);
      }),
    );
  });
});
