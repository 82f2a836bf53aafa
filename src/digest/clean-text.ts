const textCommands =
  /\\(?:textbf|textit|texttt|textrm|textsf|textsc|emph|mathrm|mathbf|mathit|mathcal|mathbb|mathsf|operatorname|text|url|underline)\s*\{([^{}]*)\}/g;

// A Map, not an object: a LaTeX command such as \constructor or \__proto__ from a digest must not
// find anything on Object.prototype.
const symbols = new Map<string, string>(
  Object.entries({
    alpha: 'α',
    beta: 'β',
    gamma: 'γ',
    delta: 'δ',
    epsilon: 'ε',
    varepsilon: 'ε',
    zeta: 'ζ',
    eta: 'η',
    theta: 'θ',
    kappa: 'κ',
    lambda: 'λ',
    mu: 'μ',
    nu: 'ν',
    xi: 'ξ',
    pi: 'π',
    rho: 'ρ',
    sigma: 'σ',
    tau: 'τ',
    phi: 'φ',
    varphi: 'φ',
    chi: 'χ',
    psi: 'ψ',
    omega: 'ω',
    Gamma: 'Γ',
    Delta: 'Δ',
    Theta: 'Θ',
    Lambda: 'Λ',
    Sigma: 'Σ',
    Phi: 'Φ',
    Psi: 'Ψ',
    Omega: 'Ω',
    times: '×',
    cdot: '·',
    leq: '≤',
    le: '≤',
    geq: '≥',
    ge: '≥',
    neq: '≠',
    approx: '≈',
    sim: '~',
    infty: '∞',
    pm: '±',
    rightarrow: '→',
    to: '→',
    leftarrow: '←',
    in: '∈',
    sqrt: '√',
    ell: 'ℓ',
    partial: '∂',
    nabla: '∇',
    sum: 'Σ',
    prod: 'Π',
    log: 'log',
    exp: 'exp',
    ldots: '…',
    dots: '…',
    cdots: '…',
    '%': '%',
    '&': '&',
    '#': '#',
    _: '_',
    ',': ' ',
    ';': ' ',
    '!': '',
    quad: ' ',
    qquad: ' ',
  }),
);

/**
 * Makes title/abstract text readable: collapses whitespace and strips obvious LaTeX
 * remnants while leaving ordinary text ("3<z<10", "A is B", "$5") untouched.
 */
export function cleanText(input: string): string {
  let text = input.replace(/\s+/g, ' ').trim();
  if (!/[\\${}]/.test(text)) return text;
  // "350{,}757" is how LaTeX writes a thousands separator.
  text = text.replace(/\{,\}/g, ',');
  text = replaceMath(text);
  text = replaceTextMarkup(text);
  // Outside math, only braced or bare *known* symbol commands are rewritten ("{\\phi}" → "φ").
  text = text.replace(
    /\{\\([A-Za-z]+)\}|(?<![A-Za-z0-9])\\([A-Za-z]+)\b/g,
    (whole, braced?: string, bare?: string) => {
      const name = (braced ?? bare) as string;
      return /^[A-Za-z]+$/.test(name) ? (symbols.get(name) ?? whole) : whole;
    },
  );
  for (let i = 0; i < 3 && textCommands.test(text); i++) {
    textCommands.lastIndex = 0;
    text = text.replace(textCommands, '$1');
  }
  textCommands.lastIndex = 0;
  return text.replace(/\s+/g, ' ').trim();
}

function replaceMath(text: string): string {
  // Only spans that look like math: no leading/trailing space and either LaTeX syntax or a single token.
  return text.replace(/\$(?!\s)([^$]{1,200}?)(?<!\s)\$/g, (whole, inner: string) => {
    if (!/[\\^_{}=<>]/.test(inner) && /\s/.test(inner)) return whole;
    return readableMath(inner);
  });
}

function readableMath(inner: string): string {
  return inner
    .replace(textCommands, '$1')
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2')
    .replace(/\\([A-Za-z]+|[%&#_,;!])/g, (_m, name: string) => symbols.get(name) ?? name)
    .replace(/([\^_])\{([^{}]*)\}/g, '$1$2')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Accent commands and the combining mark each one puts on its letter (`\"o` → ö, `\v{s}` → š). */
const accents: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
};

/** Letters LaTeX writes as commands (`{\L}ojasiewicz`, `Erd\H{o}s`, `Gau\ss`). */
const letters: Record<string, string> = {
  L: 'Ł',
  l: 'ł',
  o: 'ø',
  O: 'Ø',
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  i: 'ı',
};

/**
 * Text-mode LaTeX that survives in arXiv abstracts: escaped characters (`88\%`), spacing commands
 * (`e.g.\ the`, `i.\,i.\,d`), accents (`H\"older`, `Alfv\'en`), letters such as `{\L}`, and
 * `\href{url}{text}` / `\textcolor{c}{text}`. Only these exact forms are rewritten.
 */
function replaceTextMarkup(text: string): string {
  return (
    text
      .replace(/\\textcolor\s*\{[^{}]*\}\s*\{([^{}]*)\}/g, '$1')
      .replace(/\\href\s*\{([^{}\s]*)\}\s*\{([^{}]*)\}/g, (_m, url: string, label: string) =>
        !label.trim() || label.trim() === url ? url : `${label} (${url})`,
      )
      .replace(/\\([%&#_])/g, '$1')
      .replace(/\\[,;:!]|\\ (?=\S)/g, (m) => (m === '\\!' ? '' : ' '))
      // A symbol accent takes the next letter (`\"o`, `\"{o}`); a letter accent needs braces or a space (`\v{s}`, `\c c`).
      .replace(
        /\\(["'`^~=.])\s*(?:\{([A-Za-z]|\\i)\}|([A-Za-z]))|\\([uvHck])(?:\{([A-Za-z]|\\i)\}|\s+([A-Za-z]))/g,
        (
          whole,
          sign?: string,
          bracedA?: string,
          bareA?: string,
          word?: string,
          bracedB?: string,
          bareB?: string,
        ) => {
          const mark = accents[(sign ?? word) as string];
          const base = (bracedA ?? bareA ?? bracedB ?? bareB ?? '').replace('\\i', 'i');
          return mark && base ? `${base}${mark}`.normalize('NFC') : whole;
        },
      )
      .replace(
        /\{\\(L|l|o|O|ss|ae|AE|oe|OE|aa|AA|i)\}|\\(L|l|o|O|ss|ae|AE|oe|OE|aa|AA)(?![A-Za-z])/g,
        (whole, braced?: string, bare?: string) => {
          const name = (braced ?? bare) as string;
          return Object.hasOwn(letters, name) ? (letters[name] as string) : whole;
        },
      )
      // The group around an accented letter (`{\"o}` is now `{ö}`), unless it is a command's argument.
      .replace(/(?<![A-Za-z])\{(\p{L}\p{M}*)\}/gu, '$1')
  );
}
