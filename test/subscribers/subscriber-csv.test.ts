import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv, restoreFormula } from '../../src/subscribers/index.ts';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, with the line each record starts on', () => {
    const parsed = parseCsv(
      '\uFEFFemail,topics\r\n\r\na@example.org,"x, ""y"""\r\nb@example.org,"two\r\nlines"\r\nc@example.org,z',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.records).toEqual([
      { line: 1, cells: ['email', 'topics'] },
      { line: 3, cells: ['a@example.org', 'x, "y"'] },
      { line: 4, cells: ['b@example.org', 'two\nlines'] },
      { line: 6, cells: ['c@example.org', 'z'] },
    ]);
  });

  it('reports each malformed row at its line and goes on with the next line', () => {
    const parsed = parseCsv(
      [
        'email,topics',
        'a"b@example.org,x', // a quote inside an unquoted cell
        'ok1@example.org,fine',
        '"a"b@example.org,y', // text after a closing quote
        'ok2@example.org,"multi',
        'line"',
        '',
        '"never closed@example.org,z',
        'ok3@example.org,last',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([
      { line: 2, message: expect.stringContaining('a quote (") inside a cell') },
      { line: 4, message: expect.stringContaining('text after the closing quote') },
      { line: 8, message: 'a quoted cell is never closed' },
    ]);
    expect(parsed.records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'email'],
      [3, 'ok1@example.org'],
      [5, 'ok2@example.org'],
      [9, 'ok3@example.org'],
    ]);
  });

  it('stops after 1,000 malformed rows and says so', () => {
    const parsed = parseCsv(`email,topics\n${'x"y,z\n'.repeat(1500)}`);
    expect(parsed.problems).toHaveLength(1001);
    expect(parsed.problems.at(-1)?.message).toBe('stopped reading after 1000 malformed rows');
  });
});

describe('formatCsv', () => {
  it('neutralizes cells a spreadsheet would run as a formula, and import undoes it exactly', () => {
    const hostile = [
      '=HYPERLINK("http://evil.example","click")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      "'=already quoted",
      "'plain apostrophe",
      'plain',
    ];
    const csv = formatCsv([['cell'], ...hostile.map((v) => [v])]);
    const cells = parseCsv(csv)
      .records.slice(1)
      .map((r) => r.cells[0] ?? '');
    expect(cells).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1:A2)",
      "'\t=1+1",
      "''=already quoted",
      "'plain apostrophe",
      'plain',
    ]);
    // No cell starts with a formula character any more.
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells.map(restoreFormula)).toEqual(hostile);
  });
});
