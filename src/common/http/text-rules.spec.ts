import 'reflect-metadata';
import fc from 'fast-check';
import { MultiLine, textProblem, textProblems } from './text-rules';

describe('text rules (issue 17)', () => {
  it('Bad data stored: refuses control characters (ESC, BEL, DEL, C1) and names the code point', () => {
    expect(textProblem('rood \u001b[31m')).toBe('contains a control character (U+001B)');
    expect(textProblem('bel\u0007')).toBe('contains a control character (U+0007)');
    expect(textProblem('del\u007f')).toBe('contains a control character (U+007F)');
    expect(textProblem('c1\u0085')).toBe('contains a control character (U+0085)');
    expect(textProblem('nul\u0000')).toBe('contains a NUL character (U+0000)');
  });

  it('Bad data stored: refuses the bidi overrides and isolates U+202A–U+202E and U+2066–U+2069', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`a${c}b`)).toMatch(/^contains a bidirectional control character \(U\+20[26][0-9A-F]\)/);
    }
  });

  it('500s: refuses lone surrogates, keeps paired ones (emoji)', () => {
    expect(textProblem('a\ud800')).toMatch(/lone UTF-16 surrogate \(U\+D800\)/);
    expect(textProblem('\udfffa')).toMatch(/U\+DFFF/);
    expect(textProblem('Stichting 😀 — Zeeuws-Vlaanderen, ’s-Hertogenbosch, ünïcödé, عربى')).toBeUndefined();
  });

  it('passes any well-formed text without those characters, tabs and line breaks included (property)', () => {
    const forbidden = (n: number) => n <= 8 || n === 11 || n === 12 || (n >= 14 && n <= 31) || (n >= 0x7f && n <= 0x9f) || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069);
    const fine = fc.string({ unit: 'grapheme' }).filter((s) => ![...s].some((c) => forbidden(c.codePointAt(0)!)));
    fc.assert(fc.property(fine, (s) => textProblem(s) === undefined));
  });

  it('Bad data stored: a line break or tab only in @MultiLine() fields, also inside their objects', () => {
    class Nested {
      name = 'Tijdvak\t1';
    }
    class Body {
      title = 'Plan\nB';
      @MultiLine() reason = 'Regel 1\r\nRegel 2\t.';
      @MultiLine() answers = { plan: { text: 'a\nb' } };
      windows = [new Nested()];
    }
    expect(textProblems(new Body())).toEqual([
      { name: 'title', reason: 'must be one line, without line breaks or tabs' },
      { name: 'windows.0.name', reason: 'must be one line, without line breaks or tabs' },
    ]);
    expect(textProblems(Object.assign(Object.create(null), { q: 'a\u0000' }))).toEqual([{ name: 'q', reason: 'contains a NUL character (U+0000)' }]);
    expect(textProblems('x\ny', 'code')).toEqual([{ name: 'code', reason: 'must be one line, without line breaks or tabs' }]);
  });
});
