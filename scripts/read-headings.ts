/**
 * How the taxonomies' headings read as phrases that papers write: the grammar of a heading (a
 * compound, a coordination, an inverted MeSH heading, an acronym in brackets), the same for every
 * heading of a source. Used by build-vocabulary.ts.
 */

/** A phrase worth searching papers for: short, no bracketed glosses, not a catch-all heading. */
export function clean(phrase: string): string | undefined {
  const text = phrase.replace(/[†‡]/g, '').replace(/\s+/g, ' ').trim();
  if (text === '' || /[()[\]{}:]/.test(text) || text.split(' ').length > 6) return undefined;
  if (/^(general|other|miscellaneous|none of the above)\b/i.test(text)) return undefined;
  // Pieces of a label cut at "&" in a source ("M&S" → "m&", "s") are not phrases.
  if (/&$/.test(text) || (text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return undefined;
  // A name that needs its article ("the net", "the grid") means something else without it, and
  // the matcher drops articles.
  if (/^(the|a|an) /i.test(text)) return undefined;
  return text;
}

/**
 * The things a compound heading names: "Database and storage security" → "database security",
 * "storage security" (a single word before "and" shares the last part's head noun); one part for
 * a heading that is not a list.
 */
export function compoundParts(label: string): string[] {
  const parts = label
    .split(/,\s*(?:and\s+)?|\s+(?:and|&)\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2) return parts;
  const lastWords = (parts[parts.length - 1] as string).split(' ');
  const head = lastWords.length >= 2 ? lastWords[lastWords.length - 1] : undefined;
  return parts.map((part, i) =>
    head && i < parts.length - 1 && !part.includes(' ') ? `${part} ${head}` : part,
  );
}

/**
 * What a heading that coordinates things names, each as a phrase papers write: "Dusty or complex
 * plasma" gives the alternatives "Dusty plasma" and "complex plasma" (two names of one thing);
 * "Geometrical & wave optics" and "Synchrotron radiation & free-electron lasers" give the parts
 * "Geometrical optics", "wave optics", … (two things under one heading). A single word before the
 * last part shares its head noun only when that part is a modifier and a head ("Electron & positron
 * scattering"), and not when it is a noun of its own by its form, a plural or a gerund ("Planets &
 * planetary systems", "Imaging & image processing", "Chaos & nonlinear dynamics"). A part that is
 * still one word ("Optics & lasers", "Signs and Symptoms") is no phrase worth searching for on its
 * own, nor one that only points back ("… & related phenomena"). A heading with commas is left as
 * it is, and so is one whose first part ends in a prepositional phrase ("Extravasation of Diagnostic
 * and Therapeutic Materials", "Plasma discharges in liquid & solid"): the coordination is inside it.
 */
export function coordinatedNames(label: string): { alternatives: string[]; parts: string[] } {
  const none = { alternatives: [], parts: [] };
  if (label.includes(',')) return none;
  const or = label.split(/\s+or\s+/);
  const and = label.split(/\s+(?:and|&)\s+/);
  const pieces = or.length === 2 && and.length === 1 ? or : and.length === 2 && or.length === 1 ? and : [];
  if (pieces.length !== 2) return none;
  const [first, last] = pieces as [string, string];
  if (/\s(of|in|on|for|with|at|by|from|to)\s/i.test(first)) return none;
  const lastWords = last.split(' ');
  const modifier = !first.includes(' ') && !/(s|ing)$/i.test(first);
  const named = [modifier && lastWords.length === 2 ? `${first} ${lastWords[1]}` : first, last].filter(
    (name) =>
      name.includes(' ') &&
      !/^(related|its|their|other|associated)\b/i.test(name) &&
      clean(name) !== undefined,
  );
  return pieces === or ? { alternatives: named, parts: [] } : { alternatives: [], parts: named };
}

/**
 * MeSH writes many headings inverted ("Microscopy, Confocal", "Fractures, Multiple"); papers write
 * them in natural order ("confocal microscopy"), as MeSH's own entry terms do.
 */
export function naturalOrder(label: string): string {
  const match = /^([^,]+), ([^,]+)$/.exec(label);
  if (!match || /\b(and|or)\b|&/.test(label)) return label;
  return `${match[2]} ${match[1]}`;
}

/** "Human computer interaction (HCI)" names the concept and its acronym. */
export function splitAcronym(label: string): string[] {
  const match = /^(.*\S)\s*\(([A-Z][A-Za-z0-9-]*)\)$/.exec(label);
  return match ? [match[1] as string, match[2] as string] : [label];
}
