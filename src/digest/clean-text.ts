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
