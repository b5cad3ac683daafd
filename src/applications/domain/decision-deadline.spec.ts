import { AppError } from '../../common/errors/app-error';
import { assertExtensionAllowed, decisionDueOn, dueOnAfterSuspension } from './decision-deadline';

describe('decision deadline (Awb 4:13–4:15)', () => {
  it('counts the decision term in weeks from the local day of receipt', () => {
    expect(decisionDueOn(new Date('2021-03-01T08:00:00Z'), 8)).toBe('2021-04-26');
    // 23:30 UTC on 31 March is already 1 April in Amsterdam (summer time).
    expect(decisionDueOn(new Date('2021-03-31T22:30:00Z'), 1)).toBe('2021-04-08');
  });

  it('moves the deadline by the days the completion term ran (Awb 4:15)', () => {
    // Requested on the 10th, completed on the 17th: suspended the 11th to the 16th, six days.
    expect(dueOnAfterSuspension('2021-04-26', new Date('2021-03-10T10:00:00Z'), new Date('2021-03-17T15:00:00Z'))).toBe('2021-05-02');
    expect(dueOnAfterSuspension('2021-04-26', new Date('2021-03-10T10:00:00Z'), new Date('2021-03-11T09:00:00Z'))).toBe('2021-04-26');
    expect(dueOnAfterSuspension('2021-04-26', new Date('2021-03-10T10:00:00Z'), new Date('2021-03-10T16:00:00Z'))).toBe('2021-04-26');
  });

  it('allows an extension only before the deadline passes and only to a later date', () => {
    expect(() => assertExtensionAllowed('2021-04-26', '2021-06-01', '2021-04-26')).not.toThrow();
    const passed = (() => {
      try {
        assertExtensionAllowed('2021-04-26', '2021-06-01', '2021-04-27');
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(passed).toMatchObject({ kind: 'conflict', code: 'APPLICATION.DEADLINE_PASSED' });
    expect(() => assertExtensionAllowed('2021-04-26', '2021-04-26', '2021-04-01')).toThrow(expect.objectContaining({ code: 'APPLICATION.EXTENSION_NOT_LATER' }));
    expect(() => assertExtensionAllowed('2021-04-26', '2022-04-27', '2021-04-26')).toThrow(expect.objectContaining({ code: 'APPLICATION.EXTENSION_TOO_LONG' }));
    expect(() => assertExtensionAllowed('2021-04-26', '2022-04-26', '2021-04-26')).not.toThrow();
  });
});
