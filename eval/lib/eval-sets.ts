/**
 * Loads relevance judgments and the corpora they grade. Two file shapes are read:
 * - `{corpus: "path", topics: [{profile, relevant}]}` (the shipped dev set, and any other set), and
 * - `{corpus: ["path", …], topics: [{id, split, profile, relevant}]}` (eval/other-days-relevance.json).
 * Every corpus file of one judgments file is one digest, as on a day with several sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDigest } from '../../src/digest/index.ts';
import type { Paper } from '../../src/digest/paper.ts';

export interface JudgedTopic {
  id: string;
  profile: string;
  split: string;
  /** Normalized title → grade (0–2); absent means 0. */
  grades: Map<string, number>;
}

export interface EvalSet {
  name: string;
  papers: Paper[];
  topics: JudgedTopic[];
}

interface JudgmentsFile {
  corpus: string | string[];
  topics: { id?: string; split?: string; profile: string; relevant: Record<string, number> }[];
}

export const normalizeTitle = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

export const evalRoot = resolve(import.meta.dirname, '..', '..');

export function readCorpus(paths: string[]): Paper[] {
  return paths.flatMap((path) => {
    const file = resolve(evalRoot, path);
    return parseDigest({ text: readFileSync(file, 'utf8'), fileName: file, now: new Date() }).papers;
  });
}

/** The topics of one judgments file, grouped by split (`all` when the file has no splits). */
export function loadJudgments(path: string): { papers: Paper[]; bySplit: Map<string, JudgedTopic[]> } {
  const file = JSON.parse(readFileSync(resolve(evalRoot, path), 'utf8')) as JudgmentsFile;
  const papers = readCorpus(Array.isArray(file.corpus) ? file.corpus : [file.corpus]);
  const bySplit = new Map<string, JudgedTopic[]>();
  file.topics.forEach((topic, i) => {
    const split = topic.split ?? 'all';
    const grades = new Map(
      Object.entries(topic.relevant).map(([title, grade]) => [normalizeTitle(title), grade] as const),
    );
    const list = bySplit.get(split) ?? [];
    list.push({ id: topic.id ?? `t${i + 1}`, profile: topic.profile, split, grades });
    bySplit.set(split, list);
  });
  // A judged title that matches no parsed paper would silently count a relevant paper as missing
  // (LaTeX in a title is cleaned by the parser, for example): refuse to evaluate instead.
  const titles = new Set(papers.map((paper) => normalizeTitle(paper.title)));
  const unknown = [...bySplit.values()]
    .flat()
    .flatMap((topic) => [...topic.grades.keys()].filter((t) => !titles.has(t)));
  if (unknown.length > 0)
    throw new Error(
      `${path}: judged titles not in the corpus (use the parsed title): ${[...new Set(unknown)].join('; ')}`,
    );
  return { papers, bySplit };
}

/** The digest files of a corpus folder, in name (date) order. */
export function listCorpus(dir: string): string[] {
  return readdirSync(resolve(evalRoot, dir))
    .filter((name) => name.endsWith('.json') && /^\d{4}-\d{2}-\d{2}/.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}
