import type { Paper } from '../src/digest/paper.ts';
import { buildPaperIndex, countTerms, matchPapers, type PaperIndex, Profile, parseTopics, type Ratings } from '../src/match/index.ts';
import { cosine, vectorOf, vectorsOf } from '../src/match/rating-vectors.ts';
import { type JudgedTopic, listCorpus, loadJudgments, normalizeTitle, readCorpus } from './lib/eval-sets.ts';
interface Day { papers: Paper[]; index: PaperIndex }
const day = (papers: Paper[], archive: Paper[]): Day => ({ papers, index: buildPaperIndex(papers, { archive: countTerms(archive) }) });
function onDay(topic: JudgedTopic, papers: Paper[]): JudgedTopic {
  const titles = new Set(papers.map((p) => normalizeTitle(p.title)));
  return { ...topic, grades: new Map([...topic.grades].filter(([title]) => titles.has(title))) };
}
const only = process.argv[2];
function show(cases: { day1: JudgedTopic; day2: JudgedTopic }[], d1: Day, d2: Day) {
  const byTitle = new Map(d1.papers.map((p) => [normalizeTitle(p.title), p]));
  for (const { day1, day2 } of cases) {
    if (only && day1.id !== only) continue;
    const profile = Profile.parse({ topics: parseTopics(day1.profile) });
    const first = matchPapers(d1.index, profile).filter((r) => r.selected);
    const liked: Paper[] = []; const disliked: Paper[] = [];
    for (const r of first) ((day1.grades.get(normalizeTitle(r.paper.title)) ?? 0) >= 1 ? liked : disliked).push(byTitle.get(normalizeTitle(r.paper.title))!);
    if (liked.length + disliked.length === 0) continue;
    const ratings: Ratings = { liked, disliked };
    const base = matchPapers(d2.index, profile);
    const fb = new Map(matchPapers(d2.index, profile, undefined, ratings).map((r, i) => [r.paper.title, { r, i }]));
    const lv = liked.map((p) => vectorOf(d2.index, p)); const dv = disliked.map((p) => vectorOf(d2.index, p));
    const pv = vectorsOf(d2.index);
    console.log(`\n== ${day1.id} "${day1.profile}" likes ${liked.length} dislikes ${disliked.length}; relevant day2: ${[...day2.grades.values()].filter((g) => g > 0).length}`);
    for (const p of liked) console.log(`   + ${p.title.slice(0, 70)}`);
    for (const p of disliked) console.log(`   - ${p.title.slice(0, 70)}`);
    base.slice(0, 12).forEach((r, i) => {
      const idx = d2.papers.findIndex((p) => p.title === r.paper.title);
      const v = pv[idx]!;
      const sl = Math.max(0, ...lv.map((x) => cosine(x, v))); const sd = Math.max(0, ...dv.map((x) => cosine(x, v)));
      const f = fb.get(r.paper.title)!;
      console.log(`${String(i).padStart(2)} g${day2.grades.get(normalizeTitle(r.paper.title)) ?? 0} ${r.selected ? 'S' : ' '} ${r.score.toFixed(3)} → ${f.r.selected ? 'S' : ' '} ${f.r.score.toFixed(3)} #${f.i} like ${sl.toFixed(2)} dis ${sd.toFixed(2)} ${r.paper.title.slice(0, 60)}`);
    });
    // relevant papers not in base top 12
    for (const [t, g] of day2.grades) if (g > 0 && !base.slice(0, 12).some((r) => normalizeTitle(r.paper.title) === t)) console.log(`   missing g${g} ${t.slice(0, 60)} at #${base.findIndex((r) => normalizeTitle(r.paper.title) === t)}`);
  }
}
const dev = loadJudgments('eval/dev-relevance.json');
const other = loadJudgments('eval/other-days-relevance.json');
const corpus2 = listCorpus('eval/corpus-2');
const firstDays = readCorpus(corpus2.slice(0, 4)); const lastDays = readCorpus(corpus2.slice(4));
const sample = readCorpus(['seeds/daily-papers-mar-11.txt']);
const devOther = new Map((other.bySplit.get('dev') ?? []).map((t) => [t.profile, t]));
show((dev.bySplit.get('all') ?? []).flatMap((t) => { const s = devOther.get(t.profile); return s ? [{ day1: t, day2: s }] : []; }), day(dev.papers, []), day(other.papers, sample));
show((other.bySplit.get('tune') ?? []).map((t) => ({ day1: onDay(t, firstDays), day2: onDay(t, lastDays) })), day(firstDays, sample), day(lastDays, [...sample, ...firstDays]));
