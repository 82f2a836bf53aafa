import { listCorpus, loadJudgments, normalizeTitle, readCorpus } from './lib/eval-sets.ts';
import { buildPaperIndex, countTerms, matchPapers, Profile, parseTopics } from '../src/match/index.ts';
const which = process.argv[2] ?? 'tune';
const file = which === 'new' ? 'eval/sample-new-relevance.json' : which === 'dev' ? 'eval/dev-relevance.json' : 'eval/other-days-relevance.json';
const j = loadJudgments(file);
const split = which === 'new' || which === 'dev' ? 'all' : which === 'devother' ? 'dev' : which;
const shipped = ['seeds/daily-papers-mar-11.txt', ...listCorpus('eval/corpus-2')];
const own = new Set(j.papers.map((p) => normalizeTitle(p.title)));
const archive = readCorpus(shipped).filter((p) => !own.has(normalizeTitle(p.title)));
const index = buildPaperIndex(j.papers, { stem: true, archive: countTerms(archive, { stem: true }) });
for (const t of j.bySplit.get(split) ?? []) {
  const ranked = matchPapers(index, Profile.parse({ topics: parseTopics(t.profile) }));
  const rel = [...t.grades].filter(([, g]) => g >= 1);
  console.log(`\n### ${t.id} "${t.profile}" relevant=${rel.length}`);
  ranked.forEach((r, i) => {
    const g = t.grades.get(normalizeTitle(r.paper.title)) ?? 0;
    if (g >= 1 || r.selected) {
      const tag = r.selected ? (g >= 1 ? 'TP' : 'FP') : 'FN';
      console.log(`  ${tag} g${g} #${i + 1} s=${r.score.toFixed(3)} ${r.paper.title.slice(0, 90)} | ${r.reasons.slice(0, 2).join('; ').slice(0, 140)}`);
    }
  });
}
