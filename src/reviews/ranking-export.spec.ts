import type { RankingDto } from './dto/ranking.dto';
import { rankingCsv, scoreOverviewCsv, wantsCsv } from './ranking-export';

describe('the committee’s CSV exports', () => {
  it('CSV formula injection: an application title that is a formula after leading spaces stays text in the score overview', () => {
    const csv = scoreOverviewCsv({
      criteria: ['Q'],
      rows: [{ applicationId: 'a1', receiptNumber: 1, title: '  =HYPERLINK("https://evil.example","x")', reviewerId: 'r1', sheetStatus: 'submitted', scores: { Q: 3 } }],
    });
    expect(csv.startsWith('\uFEFFreceipt_number,application_id,title,reviewer_id,sheet_status,score_Q\r\n')).toBe(true);
    expect(csv).toContain(`1,a1,"'  =HYPERLINK(""https://evil.example"",""x"")",r1,submitted,3\r\n`);
  });

  it('CSV formula injection: a title, region or threshold reason written as a formula stays text in the ranking', () => {
    const ranking = {
      entries: [
        {
          rank: 1, receiptNumber: 7, applicationId: 'a1', title: ' @SUM(1+1)*cmd|"/c calc"!A1', organisationId: 'o1', region: '=1+1', requestedAmount: '1000.00',
          weightedTotal: 12.5, criterionScores: { Q: 4 }, belowThreshold: false, thresholdReasons: ['+ weggevallen'], separatedBy: null, lotteryTicket: '-abc',
        },
      ],
    } as unknown as RankingDto;
    const [, line] = rankingCsv(ranking, ['Q']).split('\r\n');
    expect(line).toBe(`1,7,a1,"' @SUM(1+1)*cmd|""/c calc""!A1",o1,'=1+1,1000.00,12.5,4,no,'+ weggevallen,,'-abc`);
  });

  it('answers CSV only when the client prefers it', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});
