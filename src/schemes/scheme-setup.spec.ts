import type { EntityManager } from 'typeorm';
import { SchemeSetup } from './scheme-setup';

describe('setting up what other features keep per scheme', () => {
  it('runs every registered step, in order, in the creating transaction', async () => {
    const setup = new SchemeSetup();
    const ran: string[] = [];
    const tx = {} as EntityManager;
    setup.register('a', async (em, id) => void ran.push(`a:${id}:${em === tx}`));
    setup.register('b', async (em, id) => void ran.push(`b:${id}:${em === tx}`));
    await setup.run(tx, 's1');
    expect(ran).toEqual(['a:s1:true', 'b:s1:true']);
  });

  it('refuses a name registered twice (a wiring mistake)', () => {
    const setup = new SchemeSetup();
    setup.register('a', async () => undefined);
    expect(() => setup.register('a', async () => undefined)).toThrow('A scheme set-up step a is registered already.');
  });
});
