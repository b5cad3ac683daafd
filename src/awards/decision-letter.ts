import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { RequestContext } from '../auth/actor';
import { loadVisible } from '../applications';
import { notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { OrganisationDirectory } from '../organisations';
import { SchemeDirectory } from '../schemes';
import { objectionClause } from './decision-queries';
import { DecisionRecord, PaymentLineRecord } from './persistence/decision.entity';

/** Euros as a Dutch letter writes them: € 1.234.567,89. */
export function euro(cents: bigint): string {
  const [whole, fraction] = formatAmount(cents).split('.');
  return `€ ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}`;
}

const OUTCOME_TEXT: Record<string, string> = {
  awarded: 'Ik verleen u de gevraagde subsidie.',
  partly_awarded: 'Ik verleen u een deel van de gevraagde subsidie: het subsidieplafond is met uw aanvraag bereikt.',
  reserve: 'Het subsidieplafond is bereikt. Uw aanvraag staat op de reservelijst; komt er budget vrij, dan beslis ik opnieuw.',
  rejected: 'Ik wijs uw aanvraag af.',
  below_threshold: 'Ik wijs uw aanvraag af: zij haalt de minimale beoordeling niet.',
};

export interface LetterInput {
  scheme: { title: string; legalBasis: string };
  organisation: { name: string; identifier: string };
  application: { title: string; receiptNumber: number | null };
  decision: DecisionRecord;
  lines: PaymentLineRecord[];
}

/** The decision letter (beschikking) as a PDF, in Dutch. The same decision gives the same bytes. */
export function renderDecisionLetter(input: LetterInput): Promise<Buffer> {
  const { decision: d } = input;
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Beschikking ${input.application.title}`, CreationDate: new Date(`${d.decidedOn}T00:00:00Z`) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fontSize(16).text(`Beschikking: ${input.scheme.title}`);
  doc.moveDown(0.5).fontSize(10).text(`Grondslag: ${input.scheme.legalBasis}`);
  doc.text(`Datum: ${d.decidedOn}    Kenmerk: ${d.id}${d.version > 1 ? ` (besluit ${d.version}, na bezwaar)` : ''}`);
  doc.moveDown().fontSize(11).text(`Aan: ${input.organisation.name} (${input.organisation.identifier})`);
  doc.text(`Uw aanvraag: ${input.application.title}${input.application.receiptNumber ? `, ontvangstnummer ${input.application.receiptNumber}` : ''}`);
  doc.moveDown().fontSize(12).text('Besluit', { underline: true });
  doc.fontSize(11).text(OUTCOME_TEXT[d.outcome] ?? d.outcome);
  doc.text(`Gevraagd: ${euro(d.requestedCents)}    Verleend: ${euro(d.amountCents)}`);
  if (d.reservePosition !== null) doc.text(`Plaats op de reservelijst: ${d.reservePosition}`);
  doc.moveDown().fontSize(12).text('Gronden', { underline: true });
  doc.fontSize(11);
  for (const ground of d.grounds) doc.text(`• ${ground}`);
  if (input.lines.length > 0 && d.amountCents > 0n) {
    doc.moveDown().fontSize(12).text('Betaling', { underline: true });
    doc.fontSize(11);
    for (const l of [...input.lines].sort((a, b) => a.sequence - b.sequence)) {
      const what = l.kind === 'advance' ? `Voorschot ${l.sequence}` : 'Restant, na de vaststelling';
      doc.text(`${what}: ${euro(l.amountCents)}${l.dueOn ? ` op ${l.dueOn}` : ''}`);
    }
    doc.moveDown().fontSize(12).text('Verplichtingen', { underline: true });
    doc.fontSize(11).text(d.conditions);
  }
  doc.moveDown().fontSize(12).text('Bezwaar', { underline: true });
  doc.fontSize(11).text(objectionClause(d.objectionTermEndsOn));
  doc.end();
  return done;
}

@Injectable()
export class GetDecisionLetter {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async execute(ctx: RequestContext, applicationId: string): Promise<{ pdf: Buffer; decision: DecisionRecord }> {
    const em = this.db.manager;
    const { app } = await loadVisible(em, ctx.actor, applicationId);
    const decision = await em.findOneBy(DecisionRecord, { applicationId, status: 'current' });
    if (!decision) throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no decision yet.`);
    const [scheme, organisation, lines] = await Promise.all([
      this.schemes.get(em, app.schemeId),
      this.organisations.get(em, app.organisationId),
      em.findBy(PaymentLineRecord, { decisionId: decision.id }),
    ]);
    const pdf = await renderDecisionLetter({ scheme, organisation, application: app, decision, lines });
    return { pdf, decision };
  }
}
