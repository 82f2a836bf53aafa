/**
 * npm run bench:render — renders 10,000 personalized issues (HTML + text) from the sample digest
 * through the compiled path (MJML compiled once, Handlebars fill per subscriber), then a smaller
 * sample through the naive path (Handlebars over the MJML source + full mjml2html per issue), and
 * prints issues/s for both and their ratio. The compiled path also runs without the signed "More like
 * this" / "Less like this" links, to show what they cost. BENCH_ISSUES / BENCH_NAIVE_ISSUES override the sizes.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { parseDigest } from '../src/digest/index.ts';
import {
  buildPaperIndex,
  listCanonicalTopics,
  matchPapers,
  Profile,
  type RankedPaper,
} from '../src/match/index.ts';
import { compileTemplates } from '../src/render/compile-templates.ts';
import { type IssueData, readTemplateSources, renderIssue } from '../src/render/index.ts';
import { buildIssueView } from '../src/render/issue-view.ts';
import { resolveIncludes } from '../src/render/resolve-includes.ts';
import { buildRateUrls } from '../src/subscribers/index.ts';

const issueCount = Number(process.env.BENCH_ISSUES ?? 10_000);
const naiveCount = Number(process.env.BENCH_NAIVE_ISSUES ?? 40);
const distinctProfiles = 500;

const root = join(import.meta.dirname, '..');
const { papers, date = '2024-03-11' } = parseDigest({
  text: readFileSync(join(root, 'seeds', 'daily-papers-mar-11.txt'), 'utf8'),
  fileName: 'daily-papers-mar-11.txt',
  mtime: new Date('2024-03-12T12:00:00Z'),
  now: new Date('2024-03-12T12:00:00Z'),
});
const sources = await readTemplateSources(join(root, 'templates'));
const templates = await compileTemplates(sources);

// A fixed LCG so every run renders the same issues.
let seed = 42;
const random = () => {
  seed = (seed * 1_664_525 + 1_013_904_223) % 2 ** 32;
  return seed / 2 ** 32;
};
const topicPool = [
  'conformal prediction',
  'RLHF',
  'LLM reasoning',
  'fairness',
  'causal inference',
  'alignment',
  'continual learning',
  'diffusion models',
  ...listCanonicalTopics(),
];
const index = buildPaperIndex(papers);
const selections: { topics: string[]; ranked: RankedPaper[] }[] = [];
while (selections.length < distinctProfiles) {
  const topics = [
    ...new Set(
      Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => topicPool[Math.floor(random() * topicPool.length)] ?? 'RLHF',
      ),
    ),
  ];
  const ranked = matchPapers(index, Profile.parse({ topics })).filter((r) => r.selected);
  if (ranked.length > 0) selections.push({ topics, ranked });
}

function issueFor(n: number): IssueData {
  const selection = selections[n % selections.length] ?? selections[0];
  if (!selection) throw new Error('no selections');
  const token = `tok${n.toString(36).padStart(8, '0')}.signature-${n}`;
  return {
    newsletterName: 'Paperboy',
    date,
    sentOn: '2024-03-12',
    papers: selection.ranked,
    topics: selection.topics,
    links: {
      preferencesUrl: `https://paperboy.example/preferences/${token}`,
      unsubscribeUrl: `https://paperboy.example/unsubscribe/${token}`,
      webUrl: `https://paperboy.example/issue/issue.${token}`,
    },
    // Signed per reader and paper with HMAC-SHA256, as the sender does.
    rateUrls: (paperId) =>
      buildRateUrls('https://paperboy.example', 'bench-secret-0123456789abcdef', `reader${n}`, paperId),
    postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
  };
}

const inputs = Array.from({ length: issueCount }, (_, n) => issueFor(n));
const meanPapers = inputs.reduce((sum, issue) => sum + issue.papers.length, 0) / inputs.length;

// Warm up the JIT and Handlebars' lazy compilation so both paths are measured in steady state.
for (let n = 0; n < 200; n++) renderIssue(templates, inputs[n % inputs.length] ?? issueFor(n));

// The same issues without rate links show what the links cost. The two are measured in alternating
// batches, so neither gains from running second (a warmer JIT, a quieter machine).
const plainInputs = inputs.map(({ rateUrls: _links, ...input }) => input);
const batch = 500;
let bytes = 0;
let plainBytes = 0;
let compiledMs = 0;
let plainMs = 0;
for (let from = 0; from < issueCount; from += batch) {
  let at = performance.now();
  for (const input of inputs.slice(from, from + batch)) {
    const issue = renderIssue(templates, input);
    bytes += issue.html.length + issue.text.length;
  }
  compiledMs += performance.now() - at;
  at = performance.now();
  for (const input of plainInputs.slice(from, from + batch)) {
    const issue = renderIssue(templates, input);
    plainBytes += issue.html.length + issue.text.length;
  }
  plainMs += performance.now() - at;
}
const compiledSeconds = compiledMs / 1000;
const compiledRate = issueCount / compiledSeconds;
const plainRate = issueCount / (plainMs / 1000);
// The naive path: what a template-per-send design does, recompiling the whole MJML for every recipient.
const issueMjml = resolveIncludes('issue.mjml', sources).source;
const textTemplate = Handlebars.compile(sources['issue.txt.hbs'] ?? '', { noEscape: true });
Handlebars.registerPartial('footer', sources['partials/footer.txt.hbs'] ?? '');
const renderNaive = async (input: IssueData) => {
  const view = buildIssueView(input);
  const { html } = await mjml2html(Handlebars.compile(issueMjml)(view), {
    fonts: {},
    minify: true,
    minifyOptions: { minifyCss: false },
  });
  return html.length + textTemplate(view).length;
};
await renderNaive(inputs[0] ?? issueFor(0));
const started = performance.now();
for (let n = 0; n < naiveCount; n++) await renderNaive(inputs[n] ?? issueFor(n));
const naiveSeconds = (performance.now() - started) / 1000;
const naiveRate = naiveCount / naiveSeconds;

const format = (value: number) => Math.round(value).toLocaleString('en-US');
console.log(`cpu: ${cpus()[0]?.model ?? 'unknown'} (single thread)`);
console.log(
  `sample: ${papers.length} papers, ${selections.length} distinct profiles, ${meanPapers.toFixed(1)} papers per issue`,
);
console.log(
  `compiled: ${format(issueCount)} issues in ${compiledSeconds.toFixed(2)} s = ${format(compiledRate)} issues/s (${(bytes / issueCount / 1024).toFixed(1)} KB html+text per issue)`,
);
console.log(
  `  without rate links: ${format(plainRate)} issues/s (${(plainBytes / issueCount / 1024).toFixed(1)} KB html+text per issue)`,
);
console.log(
  `naive:    ${format(naiveCount)} issues in ${naiveSeconds.toFixed(2)} s = ${naiveRate.toFixed(1)} issues/s`,
);
console.log(`ratio:    ${format(compiledRate / naiveRate)}× (goal: ≥ 100× and ≥ 2,000 issues/s)`);
process.exitCode = compiledRate / naiveRate >= 100 && compiledRate >= 2000 ? 0 : 1;
