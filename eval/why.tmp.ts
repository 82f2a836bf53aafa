import { listCorpus, loadJudgments, normalizeTitle, readCorpus } from './lib/eval-sets.ts';
import { buildPaperIndex, countTerms, defaultMatchOptions, matchPapers, Profile, parseTopics } from '../src/match/index.ts';
const shipped = ['seeds/daily-papers-mar-11.txt', ...listCorpus('eval/corpus-2')];
const [f, split, ...ids] = process.argv.slice(2);
const { papers, bySplit } = loadJudgments(f!);
const own = new Set(papers.map((p) => normalizeTitle(p.title)));
const archive = readCorpus(shipped).filter((p) => !own.has(normalizeTitle(p.title)));
const index = buildPaperIndex(papers, { stem: true, archive: countTerms(archive, { stem: true }) });
for (const t of bySplit.get(split!) ?? []) {
  if (!ids.includes(t.id)) continue;
  const profile = Profile.parse({ topics: parseTopics(t.profile) });
  console.log(`== ${t.id} «${t.profile}»`);
  const ranked = matchPapers(index, profile, defaultMatchOptions);
  ranked.slice(0, 4).forEach((e, i) => console.log(`  #${i} ${e.score.toFixed(3)} g${t.grades.get(normalizeTitle(e.paper.title)) ?? 0} ${e.selected ? 'SEL' : ''} ${e.paper.title.slice(0, 70)}\n      ${e.reasons.join(' | ')}`));
}
