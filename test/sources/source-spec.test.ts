import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { isAppError } from '../../src/errors/index.ts';
import { parseSourcesSetting, selectSources } from '../../src/sources/index.ts';

describe('SOURCES', () => {
  it('reads hf-daily, arxiv categories and feeds, with names for their digest files', () => {
    const { sources, problems } = parseSourcesSetting(
      ' hf-daily , arxiv:cs.lg+STAT.ML, jmlr=feed:https://jmlr.org/jmlr.xml, feed:https://www.biorxiv.org/rss/neuro?a=1%2C2',
    );
    expect(problems).toEqual([]);
    expect(sources).toEqual([
      { type: 'hf-daily', name: 'hf-daily' },
      { type: 'arxiv', name: 'arxiv-cs.lg-stat.ml', categories: ['cs.LG', 'stat.ML'] },
      { type: 'feed', name: 'jmlr', url: 'https://jmlr.org/jmlr.xml' },
      { type: 'feed', name: 'feed-biorxiv.org', url: 'https://www.biorxiv.org/rss/neuro?a=1%2C2' },
    ]);
    expect(selectSources(sources, 'arxiv:cs.LG+stat.ML')?.map((s) => s.name)).toEqual([
      'arxiv-cs.lg-stat.ml',
    ]);
    expect(selectSources(sources, 'JMLR')?.map((s) => s.name)).toEqual(['jmlr']);
    expect(selectSources(sources, 'nope')).toBeUndefined();
  });

  it('reports every bad entry at startup, each with its position and a way out', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        SOURCES:
          'hf-daily,arxiv:cs.LF+cs.LG,arxiv:,feed:ftp://example.org/x,Bad Name=hf-daily,rss:x,hf-daily',
        FETCH_CRON: '61 * * * *',
        ARXIV_API_URL: 'export.arxiv.org/api/query',
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems = error.details.problems as string[];
    }
    expect(problems).toEqual([
      'SOURCES: entry 2 "arxiv:cs.LF+cs.LG": unknown arXiv category cs.LF (see https://arxiv.org/category_taxonomy)',
      'SOURCES: entry 3 "arxiv:": name the categories, e.g. arxiv:cs.LG+stat.ML',
      'SOURCES: entry 4 "feed:ftp://example.org/x": a feed URL must be http:// or https://',
      'SOURCES: entry 5 "Bad Name=hf-daily": a source name is 1–63 characters of a-z, 0-9, "." and "-"',
      'SOURCES: entry 6 "rss:x": unknown source type; use hf-daily, arxiv:<categories> or feed:<url>',
      'SOURCES: entry 7 "hf-daily": another source is already named "hf-daily"; give this one its own name, e.g. "hf-daily-2=hf-daily"',
      'ARXIV_API_URL: must be an http:// or https:// URL',
      expect.stringMatching(/^FETCH_CRON: not a cron expression \(minute: /),
    ]);
  });

  it('stays offline by default, and asks for a real contact before fetching in production', () => {
    const config = loadConfig({});
    expect(config.SOURCES).toEqual([]);
    expect(config.FETCH_CONTACT).toBe('paperboy@localhost');
    expect(loadConfig({ MAIL_FROM: 'Daily <news@example.org>' }).FETCH_CONTACT).toBe('news@example.org');
    const production = { NODE_ENV: 'production', SECRET: 'a-long-enough-secret-value', SOURCES: 'hf-daily' };
    expect(() => loadConfig(production)).toThrow(/FETCH_CONTACT: is required when NODE_ENV=production/);
    expect(loadConfig({ ...production, FETCH_CONTACT: 'ops@example.org' }).FETCH_CONTACT).toBe(
      'ops@example.org',
    );
  });
});
