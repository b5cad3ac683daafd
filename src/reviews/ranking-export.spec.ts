import { scoreOverviewCsv, wantsCsv } from './ranking-export';

describe('the committee’s CSV exports', () => {
  it('CSV formula injection: an application title that is a formula after leading spaces stays text in the score overview', () => {
    const csv = scoreOverviewCsv({
      criteria: ['Q'],
      rows: [{ applicationId: 'a1', receiptNumber: 1, title: '  =HYPERLINK("https://evil.example","x")', reviewerId: 'r1', sheetStatus: 'submitted', scores: { Q: 3 } }],
    });
    expect(csv.startsWith('\uFEFFreceipt_number,application_id,title,reviewer_id,sheet_status,score_Q\r\n')).toBe(true);
    expect(csv).toContain(`1,a1,"'  =HYPERLINK(""https://evil.example"",""x"")",r1,submitted,3\r\n`);
  });

  it('answers CSV only when the client prefers it', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});
