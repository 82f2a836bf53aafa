import { z } from 'zod';
import { arxivTaxonomyUrl, canonicalArxivCategory } from './arxiv-categories.ts';

const sourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'a source name is 1–63 characters of a-z, 0-9, "." and "-"');

/** One entry of SOURCES: where the papers of a day come from, and the name its digest files carry. */
export const SourceSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hf-daily'), name: sourceName }),
  z.object({
    type: z.literal('arxiv'),
    name: sourceName,
    /** Canonical category names, e.g. `cs.LG`, `stat.ML`. */
    categories: z.array(z.string().min(1)).min(1),
  }),
  z.object({
    type: z.literal('feed'),
    name: sourceName,
    url: z.url({ protocol: /^https?$/, error: 'a feed URL must be http:// or https://' }),
  }),
]);
export type SourceSpec = z.infer<typeof SourceSpec>;

export interface SourcesSetting {
  sources: SourceSpec[];
  /** Every problem, each naming the entry it is about. */
  problems: string[];
}

/**
 * Parses SOURCES: a comma-separated list of `hf-daily`, `arxiv:<cat>[+<cat>…]` and `feed:<url>`,
 * each optionally prefixed by `NAME=`. A comma inside a feed URL is written `%2C`. Returns every
 * problem rather than stopping at the first.
 *
 * @example
 * parseSourcesSetting('hf-daily,arxiv:cs.LG+stat.ML').sources.map((s) => s.name);
 * // ['hf-daily', 'arxiv-cs.lg-stat.ml']
 */
export function parseSourcesSetting(text: string): SourcesSetting {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const sources: SourceSpec[] = [];
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const label = `entry ${index + 1} "${entry}"`;
    const parsed = parseSourceEntry(entry);
    if (typeof parsed === 'string') {
      problems.push(`${label}: ${parsed}`);
      return;
    }
    const checked = SourceSpec.safeParse(parsed);
    if (!checked.success) {
      problems.push(`${label}: ${checked.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    const clash = sources.find((s) => s.name === checked.data.name);
    if (clash) {
      problems.push(
        `${label}: another source is already named "${clash.name}"; give this one its own name, e.g. "${clash.name}-2=${describeSource(checked.data)}"`,
      );
      return;
    }
    sources.push(checked.data);
  });
  return { sources, problems };
}

/** The entry as an unchecked spec, or a sentence saying what is wrong with it. */
function parseSourceEntry(entry: string): Record<string, unknown> | string {
  const named = /^([^=:]+)=(.*)$/.exec(entry);
  const explicitName = named?.[1]?.trim();
  const body = (named ? (named[2] ?? '') : entry).trim();
  const [type, ...rest] = body.split(':');
  const setting = rest.join(':').trim();
  switch (type?.toLowerCase()) {
    case 'hf-daily':
      if (setting) return 'hf-daily takes no settings (use HF_DAILY_URL for a mirror)';
      return { type: 'hf-daily', name: explicitName ?? 'hf-daily' };
    case 'arxiv': {
      const given = setting.split('+').map((c) => c.trim());
      if (given.length === 0 || given.some((c) => !c)) {
        return 'name the categories, e.g. arxiv:cs.LG+stat.ML';
      }
      const unknown = given.filter((c) => !canonicalArxivCategory(c));
      if (unknown.length > 0) {
        return `unknown arXiv categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')} (see ${arxivTaxonomyUrl})`;
      }
      const categories = [...new Set(given.map((c) => canonicalArxivCategory(c) as string))];
      return {
        type: 'arxiv',
        name: explicitName ?? `arxiv-${categories.join('-').toLowerCase()}`,
        categories,
      };
    }
    case 'feed': {
      if (!setting)
        return 'give the feed URL, e.g. feed:https://connect.biorxiv.org/biorxiv_xml/neuroscience';
      let url: URL;
      try {
        url = new URL(setting);
      } catch {
        return `"${setting}" is not a URL`;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return 'a feed URL must be http:// or https://';
      const host = url.hostname.replace(/^www\./, '').replace(/[^a-z0-9.-]/g, '-');
      return { type: 'feed', name: explicitName ?? `feed-${host}`.slice(0, 63), url: setting };
    }
    default:
      return 'unknown source type; use hf-daily, arxiv:<categories> or feed:<url>';
  }
}

/** The sources `--source NAME` picks: by name, or by the entry as written in SOURCES. */
export function selectSources(all: SourceSpec[], wanted: string | undefined): SourceSpec[] | undefined {
  if (wanted === undefined) return all;
  const key = wanted.trim().toLowerCase();
  const found = all.filter((s) => s.name === key || describeSource(s).toLowerCase() === key);
  return found.length > 0 ? found : undefined;
}

/** The entry as SOURCES spells it, without the name. */
export function describeSource(source: SourceSpec): string {
  switch (source.type) {
    case 'hf-daily':
      return 'hf-daily';
    case 'arxiv':
      return `arxiv:${source.categories.join('+')}`;
    case 'feed':
      return `feed:${source.url}`;
  }
}
