import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { camtForPain001, demoIban, pain002 } from '../demo/bank';

const USAGE = `The bank's side, for trying Subsidia by hand (the README's tour):

  npm run -s bank -- pain002 <pain.001 file> [--reject <endToEndId>:<reason code>]...
      prints the pain.002.001.10 status report a bank sends back for that file: every
      transaction accepted, or the ones named rejected (e.g. --reject SUBS-TOUR-1:AC04)
  npm run -s bank -- camt053 <pain.001 file> [--version 02|08] [--single] [--date YYYY-MM-DD]
      prints the camt.053 statement (default .001.08) a bank sends once it booked that file:
      one debit per payment information block (batch booking), or with --single one per
      transaction; import it with POST /bank-statements
  npm run -s bank -- iban <n>
      prints a valid Dutch IBAN (ABNA) for the number n, to register as a payee's account`;

/** The message id of a pain.001 file: the group header's MsgId, the first in the document. */
function messageIdOf(xml: string): string {
  const match = /<GrpHdr>\s*<MsgId>([^<]+)<\/MsgId>/.exec(xml);
  if (!match) throw new Error('No <GrpHdr><MsgId> in the file: is it a pain.001 from GET /payment-batches/{id}/sepa-file?');
  return match[1];
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
      reject: { type: 'string', multiple: true },
      version: { type: 'string' },
      single: { type: 'boolean' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    }, });
  const [command, arg] = positionals;
  if (values.help || !command) return void console.log(USAGE);
  if (command === 'iban' && arg && /^\d{1,10}$/.test(arg)) return void console.log(demoIban(Number(arg)));
  if (command === 'pain002' && arg) {
    if (!fs.existsSync(arg)) throw new Error(`No file ${arg}: download the batch's pain.001 first (GET /payment-batches/{id}/sepa-file).`);
    const rejected = (values.reject ?? []).map((r) => {
      const [endToEndId, code] = r.split(':');
      if (!endToEndId || !code) throw new Error(`--reject ${r}: write <endToEndId>:<reason code>, such as SUBS-TOUR-1:AC04`);
      return { endToEndId, code };
    });
    return void process.stdout.write(pain002(messageIdOf(fs.readFileSync(arg, 'utf8')), rejected, undefined, `BANK-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`));
  }
  if (command === 'camt053' && arg) {
    if (!fs.existsSync(arg)) throw new Error(`No file ${arg}: download the batch's pain.001 first (GET /payment-batches/{id}/sepa-file).`);
    const version = values.version ?? '08';
    if (version !== '02' && version !== '08') throw new Error(`--version ${version}: write 02 or 08`);
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new Error(`--date ${values.date}: write YYYY-MM-DD`);
    const bookingDate = values.date ?? new Date().toISOString().slice(0, 10);
    return void process.stdout.write(camtForPain001(fs.readFileSync(arg, 'utf8'), { version, single: values.single, bookingDate, messageId: `STMT-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}` }));
  }
  console.error(USAGE);
  process.exit(2);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
