import fc from 'fast-check';
import anyAscii from 'any-ascii';
import { transaction } from './pain001';
import { remittanceText, SEPA_TEXT, sepaPayeeName, toSepaText } from './sepa-text';

describe('SEPA names (issue 15: a payee name in another script never becomes empty)', () => {
  it('EPC character set: Greek and Cyrillic names are transliterated to Latin, not dropped', () => {
    expect(toSepaText('Σχολική Μονάδα Αθηνών', 70)).toBe('Scholiki Monada Athinon');
    expect(toSepaText('Школа № 5 «Берёзка»', 70)).toBe('Shkola No 5 Berezka');
    expect(toSepaText('Gemeente Súdwest-Fryslân', 70)).toBe('Gemeente Sudwest-Fryslan');
  });

  it('EPC character set: symbols and emoji become spaces, not text such as ":grinning:"', () => {
    expect(toSepaText('Stichting 😀 ★ Zon', 70)).toBe('Stichting Zon');
  });

  it('a holder name with no usable character falls back to the organisation’s registered name', () => {
    expect(sepaPayeeName('★★★', 'Δήμος Αθηναίων')).toBe('Dimos Athinaion');
    expect(sepaPayeeName('Σχολείο', 'Other name')).toBe('Scholeio');
  });

  it('letters after 70 characters of punctuation still name the payee', () => {
    expect(sepaPayeeName(`${"'".repeat(80)} Σχολείο`, null)).toBe('Scholeio');
  });

  it('no usable name at all gives null, so the batch is refused naming the payee', () => {
    expect(sepaPayeeName('★★★', '--- ...')).toBeNull();
    expect(sepaPayeeName('', null)).toBeNull();
  });

  it('property: any Unicode name gives only SEPA characters within 70, non-empty when it has a letter', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 200, unit: 'grapheme' })), (name) => {
        const out = sepaPayeeName(name, null);
        if (out !== null) {
          expect(SEPA_TEXT.test(out)).toBe(true);
          expect(out.length).toBeGreaterThanOrEqual(1);
          expect(out.length).toBeLessThanOrEqual(70);
          expect(out).toBe(out.trim());
        }
        // A letter or digit with a Latin transliteration (most; not e.g. a lone hamza or soft
        // sign, written as an apostrophe) always leaves a name, wherever it stands in the input.
        if ([...name.normalize('NFC')].some((c) => /[\p{L}\p{M}\p{N}]/u.test(c) && /[A-Za-z0-9]/.test(anyAscii(c)))) expect(out).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  // The Cyrillic hard and soft signs (Ъ Ь) are written as an apostrophe: alone they name nothing.
  it('property: names made of Greek and Cyrillic letters always give a usable name', () => {
    const letter = fc.oneof(fc.integer({ min: 0x391, max: 0x3a9 }), fc.integer({ min: 0x3b1, max: 0x3c9 }), fc.integer({ min: 0x410, max: 0x44f })).filter((c) => ![0x3a2, 0x42a, 0x42c, 0x44a, 0x44c].includes(c)).map((c) => String.fromCodePoint(c));
    fc.assert(
      fc.property(fc.array(fc.oneof(letter, fc.constant(' ')), { minLength: 1, maxLength: 120 }).filter((a) => a.some((c) => c !== ' ')), (chars) => {
        const out = sepaPayeeName(chars.join(''), null);
        expect(out).not.toBeNull();
        expect(SEPA_TEXT.test(out!)).toBe(true);
        expect(out!.length).toBeLessThanOrEqual(70);
      }),
    );
  });

  it('EPC character set: remittance text is transliterated too', () => {
    expect(remittanceText(['OCW-1', 'Σχολείο Αθηνών', 'Школа'])).toBe('OCW-1 Scholeio Athinon Shkola');
  });

  it('EPC schema (Ustrd has a minimum length of 1): a remittance with nothing left is left out, not written empty', () => {
    const tx = (remittance: string) => transaction('09', { endToEndId: 'SUBS-1', amountCents: 100n, creditorName: 'A', creditorIban: 'NL91ABNA0417164300', creditorBic: null, remittance });
    expect(tx('★★')).not.toContain('RmtInf');
    expect(tx('Σχολείο')).toContain('<RmtInf><Ustrd>Scholeio</Ustrd></RmtInf>');
  });
});
