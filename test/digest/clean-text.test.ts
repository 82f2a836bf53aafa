import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/digest/index.ts';

describe('cleanText', () => {
  it.each([
    // The forms the issue names: math symbols, bold, emphasis.
    ['The $\\alpha$-divergence and $\\beta$', 'The α-divergence and β'],
    ['A \\textbf{bold} and \\emph{new} claim', 'A bold and new claim'],
    ['$\\mathcal{O}(n^{2})$ time', 'O(n^2) time'],
    // Found in arXiv abstracts of eval/corpus-2 and the sample digest.
    ['an F1-score of 81.9\\%. From', 'an F1-score of 81.9%. From'],
    [
      'parameter values (such as e.g.\\ the discount rate)',
      'parameter values (such as e.g. the discount rate)',
    ],
    ['(i.\\,i.\\,d) data', '(i. i. d) data'],
    ['Hessians that are H\\"older-continuous', 'Hessians that are Hölder-continuous'],
    ['the Schr\\"odinger equation', 'the Schrödinger equation'],
    ["the shear Alfv\\'en-Hall waves", 'the shear Alfvén-Hall waves'],
    ['the Polyak-{\\L}ojasiewicz inequality', 'the Polyak-Łojasiewicz inequality'],
    ['Erd\\H{o}s and \\v{S}ilhav\\\'y and Gau\\ss and {\\"u}ber', 'Erdős and Šilhavý and Gauß and über'],
    ['Ho\\c{c}a and Fran\\c cois', 'Hoça and François'],
    [
      'Code is available at \\href{https://github.com/x/y}{\\textcolor{blue}{GitHub}}.',
      'Code is available at GitHub (https://github.com/x/y).',
    ],
    ['see \\href{https://a.example}{https://a.example}', 'see https://a.example'],
    ['R\\&D and \\#1 and snake\\_case', 'R&D and #1 and snake_case'],
  ])('%s', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it.each([
    '3<z<10 with JWST',
    'The Reversal Curse: "A is B"',
    'costs $5 and $10',
    '\\cite{x} and \\url stay',
    'a {Firstly} group',
  ])('leaves %s as it is: not one of those forms', (input) => {
    expect(cleanText(input)).toBe(input);
  });

  it('keeps a command’s argument when the argument is one accented letter', () => {
    expect(cleanText('\\textbf{\\"o}')).toBe('ö');
  });
});
