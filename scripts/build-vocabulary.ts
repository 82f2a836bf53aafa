/**
 * Builds src/match/data/vocabulary.json from public subject taxonomies in scripts/vocabulary-sources/:
 * the ACM Computing Classification System 2012, the arXiv category taxonomy, the JEL codes of
 * economics, APS PhySH (physics) and the MeSH tree (medicine, biology). MSC 2020 (mathematics) is
 * not used: its licence (CC BY-NC-SA) does not allow shipping it in an MIT product. Each node becomes a concept: its label, its alternative labels as synonyms, and its
 * descendants (three levels) as narrower phrases. The rules are the same for every node; nothing
 * here names a topic. Run with `npx tsx scripts/build-vocabulary.ts` after changing a source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { abbreviates } from '../src/match/abbreviates.ts';
import { ThesaurusFile } from '../src/match/thesaurus-schema.ts';
import { tokenizeQuery } from '../src/match/tokenize-text.ts';
import { clean, compoundParts, coordinatedNames, naturalOrder, splitAcronym } from './read-headings.ts';

interface SourceNode {
  id: string;
  label: string;
  altLabels?: string[];
  description?: string;
  parents: string[];
  kind?: string;
}

interface Concept {
  label: string;
  terms?: string[];
  narrower?: string[];
  categories?: string[];
}

const root = join(import.meta.dirname, '..');
const read = (name: string): SourceNode[] =>
  (
    JSON.parse(readFileSync(join(root, 'scripts', 'vocabulary-sources', `${name}.json`), 'utf8')) as {
      nodes: SourceNode[];
    }
  ).nodes;

/** How many levels below a node its narrower phrases reach. */
const depth = 3;

/**
 * A short lower-case alternative label that abbreviates its concept's label ("nlp", "svms") is an
 * acronym: in capitals, it matches capitalised acronyms in papers, and a plural keeps its lower-case
 * s ("SVMs"). A short word that abbreviates nothing ("class", "tax", "man") stays a word.
 */
function asAcronym(term: string | undefined, label: string): string | undefined {
  if (term === undefined || !/^[a-z]{2,5}$/.test(term)) return term;
  const singular =
    term.endsWith('s') && abbreviates(term.slice(0, -1), label) ? term.slice(0, -1) : undefined;
  if (singular !== undefined) return `${singular.toUpperCase()}s`;
  return abbreviates(term, label) ? term.toUpperCase() : term;
}

/** Phrases the matcher reads the same way ("user model", "user modeling") are one phrase. */
const keyOf = (phrase: string): string =>
  tokenizeQuery(phrase)
    .map((token) => token.replace(/^\^/, ''))
    .join(' ');

function unique(phrases: (string | undefined)[], except: string): string[] {
  const seen = new Set([keyOf(except)]);
  const out: string[] = [];
  for (const phrase of phrases) {
    if (!phrase || keyOf(phrase) === '' || seen.has(keyOf(phrase))) continue;
    seen.add(keyOf(phrase));
    out.push(phrase);
  }
  return out;
}

/** Headings that recur under many parents ("Public Policy", "Theory") say nothing about one of them. */
function recurringLabels(nodes: SourceNode[]): Set<string> {
  const counts = new Map<string, number>();
  for (const node of nodes)
    counts.set(node.label.toLowerCase(), (counts.get(node.label.toLowerCase()) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 3).map(([label]) => label));
}

/**
 * `labelsOf` gives a node's names. By default the first is its label and the others are synonyms
 * (an acronym, an alternative label). With `namesAreSiblings`, a node names several things at once
 * ("Employment - Unemployment - Wages"): each becomes a concept of its own, with the node's
 * descendants as narrower phrases, and the parent lists all of them; none is a synonym of another.
 */
function toConcepts(
  nodes: SourceNode[],
  labelsOf: (node: SourceNode) => string[],
  skipRoots: Set<string>,
  {
    namesAreSiblings = false,
    readsCoordination = false,
  }: {
    namesAreSiblings?: boolean;
    /** Headings that coordinate things ("Geometrical & wave optics") name each of them (`coordinatedNames`). */
    readsCoordination?: boolean;
  } = {},
): Concept[] {
  const coordinated = (label: string) =>
    readsCoordination ? coordinatedNames(label) : { alternatives: [], parts: [] };
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map<string, string[]>();
  for (const node of nodes)
    for (const parent of node.parents) children.set(parent, [...(children.get(parent) ?? []), node.id]);
  const recurring = recurringLabels(nodes);
  const skipped = new Set<string>();
  const mark = (id: string) => {
    skipped.add(id);
    for (const child of children.get(id) ?? []) mark(child);
  };
  for (const node of nodes) if (skipRoots.has(node.label)) mark(node.id);
  const descendants = (id: string, level: number): string[] =>
    level > depth
      ? []
      : (children.get(id) ?? []).flatMap((child) => {
          const node = byId.get(child);
          if (!node || skipped.has(child) || recurring.has(node.label.toLowerCase())) return [];
          const names = labelsOf(node);
          const { alternatives, parts } = coordinated(names[0] ?? '');
          return [
            ...(namesAreSiblings ? names : names.slice(0, 1)),
            ...alternatives,
            ...parts,
            ...descendants(child, level + 1),
          ];
        });
  const concepts: Concept[] = [];
  for (const node of nodes) {
    if (skipped.has(node.id) || recurring.has(node.label.toLowerCase())) continue;
    const names = labelsOf(node);
    const groups = namesAreSiblings ? names.map((name) => [name]) : [names];
    const below = descendants(node.id, 1).map(clean);
    for (const [first, ...rest] of groups) {
      const label = clean(first ?? '');
      if (!label) continue;
      // "Mobile and wireless security" with the alternative labels "mobile security" and "wireless
      // security": each names one of two things, not the pair. They are sibling concepts under the
      // heading, not synonyms of it or of each other.
      const parts = new Set(compoundParts(label).map((part) => part.toLowerCase()));
      const heading = coordinated(label);
      const alternatives = [
        ...(node.altLabels ?? []),
        ...rest,
        ...heading.alternatives,
        ...heading.parts,
      ].map((alt) => asAcronym(clean(alt), label));
      for (const part of heading.parts) parts.add(part.toLowerCase());
      const siblings = unique(
        alternatives.filter((alt) => alt !== undefined && parts.has(alt.toLowerCase())),
        label,
      );
      for (const sibling of siblings) {
        const narrower = unique(below, sibling);
        concepts.push({ label: sibling, ...(narrower.length ? { narrower } : {}) });
      }
      const terms = unique(
        alternatives.filter((alt) => !siblings.includes(alt ?? '')),
        label,
      );
      const narrower = unique([...terms, ...siblings, ...below], label).slice(terms.length);
      concepts.push({ label, ...(terms.length ? { terms } : {}), ...(narrower.length ? { narrower } : {}) });
    }
  }
  return concepts;
}

// ACM CCS: concept names are the labels; two branches are not subjects (reference genres, proper nouns).
const acm = toConcepts(
  read('acm-ccs'),
  (node) => splitAcronym(node.label),
  new Set(['General and reference', 'Proper nouns: People, technologies and companies']),
);

// JEL: "Wage Level and Structure - Wage Differentials" names two things, neither a synonym of the other.
const jel = toConcepts(read('jel'), (node) => node.label.split(/ - |; /), new Set(), {
  namesAreSiblings: true,
});

// arXiv: a category is named by its title, and its description lists what it covers. The phrases of
// a first sentence "Covers A, B and C." name the category's own scope: synonyms whose papers are the
// category's papers. Other lists name parts of a field (narrower).
const phrasesOf = (text: string): string[] =>
  text
    .split(/[.;,]|\band\b/)
    .map((part) => clean(part.replace(/^\s*(covers|includes|the|all)\s+/i, '')))
    // Prose around the list ("areas of …", "such as …", "which have …") is not a subject.
    .filter((part): part is string => part !== undefined && part.split(' ').length >= 2)
    .filter(
      (part) => !/^(areas?|aspects?|such|including|which|that|work|material|roughly|note)\b/i.test(part),
    );
/** "Membranes, polymers, liquid crystals, glasses": one sentence of at least three short items. */
function isEnumeration(description: string): boolean {
  const text = description.trim().replace(/\.$/, '');
  const items = text
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return !text.includes('.') && items.length >= 3 && items.every((item) => item.split(/\s+/).length <= 5);
}

// An archive that is also a category ("astro-ph": Astrophysics) is a field as much as an archive is.
const arxivNodes = read('arxiv').filter(
  (node) => node.kind === 'category' || node.kind === 'archive' || node.kind === 'archive+category',
);
/** An archive's papers are the papers of its own code and of every category under it (astro-ph.GA). */
const categoriesOf = (node: SourceNode): string[] => [
  ...(node.kind === 'archive' ? [] : [node.id]),
  ...arxivNodes
    .filter((child) => child.kind === 'category' && child.parents.includes(node.id))
    .map((child) => child.id),
];
const arxiv = arxivNodes.flatMap((node): Concept[] => {
  const label = clean(node.label);
  if (!label || /^other\b/i.test(label)) return [];
  const description = (node.description ?? '').replace(/Roughly includes[^.]*\.?/gi, '').trim();
  const first = /^covers\s+([^.]+)\./i.exec(description)?.[1];
  // A single phrase is the category's scope; in a list, so is a phrase its title names ("computer
  // vision" in "Computer Vision and Pattern Recognition"); the other listed phrases are parts of it.
  const firstPhrases = first ? unique(phrasesOf(first), label) : [];
  const scope =
    firstPhrases.length === 1
      ? firstPhrases
      : firstPhrases.filter((phrase) => label.toLowerCase().includes(phrase.toLowerCase()));
  const listed = unique([...scope, ...phrasesOf(description)], label).slice(scope.length);
  const codes = categoriesOf(node);
  const categories = codes.length > 0 ? { categories: codes } : {};
  // A description that is one enumeration ("Design, Surveys, Model Selection, Multiple Testing")
  // lists the field's parts: narrower. Prose cut at commas and "and" is another matter: some pieces
  // name parts of the field ("filter design"), others a neighbour's ("information extraction" under
  // signal processing) or nothing ("low power"). They help rank the field's papers but must not
  // select one alone: related. The category itself is the strong evidence.
  const parts = listed.length > 0 ? { [isEnumeration(description) ? 'narrower' : 'related']: listed } : {};
  return [
    { label, ...parts, ...categories },
    // The scope phrase names the category as well as its title does.
    ...scope.map((phrase) => ({ label: phrase, terms: [label], ...categories })),
  ];
});

// APS PhySH (physics, CC0): concepts with alternative labels; deprecated ones are left out. A
// discipline's members come from every facet; only its research areas and physical systems are
// parts of it. A technique or a property used in it ("Particle image velocimetry", "Combinatorics"
// in statistical physics) is a concept of its own, not narrower than the discipline.
type PhyshNode = SourceNode & { deprecated?: boolean; parentsFrom?: string; inFacet?: string[] };
const physhNodes = read('physh') as PhyshNode[];
const facetLabel = new Map(physhNodes.map((node) => [node.id, node.label]));
const subjectFacets = new Set(['Research Areas', 'Physical Systems']);
const physh = toConcepts(
  physhNodes
    .filter((node) => !node.deprecated)
    .map((node) =>
      node.parentsFrom === 'physh_rdf:inDiscipline' &&
      !(node.inFacet ?? []).some((facet) => subjectFacets.has(facetLabel.get(facet) ?? ''))
        ? { ...node, parents: [] }
        : node,
    ),
  (node) => [node.label.trim()],
  new Set(),
  { readsCoordination: true },
);

// MeSH (medicine and biology, NLM): the descriptor tree, three levels deep.
const mesh = toConcepts(read('mesh'), (node) => [naturalOrder(node.label)], new Set(), {
  readsCoordination: true,
});

const vocabulary = ThesaurusFile.parse({ concepts: [...acm, ...arxiv, ...jel, ...physh, ...mesh] });
writeFileSync(join(root, 'src', 'match', 'data', 'vocabulary.json'), `${JSON.stringify(vocabulary)}\n`);
console.log(
  `vocabulary: ${acm.length} ACM CCS, ${arxiv.length} arXiv, ${jel.length} JEL, ${physh.length} PhySH, ${mesh.length} MeSH concepts`,
);
