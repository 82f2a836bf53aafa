import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { AppError } from '../errors/index.ts';
import { locateLine, type ResolvedSource, resolveIncludes } from './resolve-includes.ts';

/** The emails Paperboy sends; each has `<name>.mjml` and `<name>.txt.hbs` in the templates folder. */
export const templateNames = ['issue', 'confirm', 'welcome'] as const;
export type TemplateName = (typeof templateNames)[number];

/** A filled Handlebars template; the context is a view model built by the render functions. */
export type FillTemplate = (context: object) => string;

export interface CompiledTemplate {
  html: FillTemplate;
  text: FillTemplate;
}

export type CompiledTemplates = Readonly<Record<TemplateName, CompiledTemplate>>;

/** Template files keyed by their path inside the templates folder, e.g. `issue.mjml`, `partials/head.mjml`. */
export type TemplateSources = Readonly<Record<string, string>>;

/**
 * Remembers MJML output by a key that covers the source, the options and the MJML version. MJML costs
 * about 0.7 s to import and tens of milliseconds per template, so a warm cache lets a process that
 * only renders skip loading it at all. The caller owns the storage (the render module does no I/O).
 */
export interface MjmlCache {
  read(key: string): string | undefined;
  write(key: string, html: string): void;
}

export interface CompileOptions {
  cache?: MjmlCache;
  /** Part of every cache key: a new MJML release may compile the same source differently. */
  mjmlVersion?: string;
}

// Strict mode turns a misspelt field into an error in the snapshot tests instead of an empty gap in an email.
const htmlOptions = { strict: true } as const;
// Plain text is not HTML: escaping would show `&amp;` and `&lt;` to the reader.
const textOptions = { strict: true, noEscape: true } as const;

/**
 * Compiles every template once: MJML (strictly validated) to HTML, then HTML and text to Handlebars
 * functions. A broken template fails here, with its file and line, never in the middle of a send.
 *
 * @example
 * const templates = await compileTemplates({ 'issue.mjml': '…', 'issue.txt.hbs': '…', … });
 * const { html } = renderIssue(templates, data);
 */
export async function compileTemplates(
  sources: TemplateSources,
  options: CompileOptions = {},
): Promise<CompiledTemplates> {
  // An isolated environment so partials registered here never leak into other Handlebars users.
  const hbs = Handlebars.create();
  for (const [path, source] of Object.entries(sources)) {
    const partial = /^partials\/(.+)\.txt\.hbs$/.exec(path)?.[1];
    if (partial === undefined) continue;
    parseHandlebars(hbs, path, source);
    hbs.registerPartial(partial, source);
  }
  const entries = await Promise.all(
    templateNames.map(async (name) => [name, await compileTemplate(hbs, name, sources, options)] as const),
  );
  return Object.fromEntries(entries) as Record<TemplateName, CompiledTemplate>;
}

async function compileTemplate(
  hbs: typeof Handlebars,
  name: TemplateName,
  sources: TemplateSources,
  options: CompileOptions,
): Promise<CompiledTemplate> {
  const mjmlFile = `${name}.mjml`;
  const textFile = `${name}.txt.hbs`;
  const resolved = resolveIncludes(mjmlFile, sources);
  // Parse the MJML source as Handlebars first: its line numbers are the ones a person can fix.
  parseHandlebars(hbs, mjmlFile, resolved.source, resolved);
  const key = mjmlCacheKey(resolved.source, options.mjmlVersion);
  let html = options.cache?.read(key);
  if (html === undefined) {
    html = await compileMjml(mjmlFile, resolved);
    assertExpressionsSurvived(mjmlFile, resolved, html);
    options.cache?.write(key, html);
  }
  const textSource = sources[textFile];
  if (textSource === undefined) {
    throw new AppError('TEMPLATE_INVALID', `template ${textFile}: file not found`, {
      details: { template: textFile },
    });
  }
  return {
    html: hbs.compile(parseHandlebars(hbs, mjmlFile, html), htmlOptions),
    text: hbs.compile(parseHandlebars(hbs, textFile, textSource), textOptions),
  };
}

const mjmlOptions = {
  validationLevel: 'strict',
  // No web-font imports: they leak every open to Google and the system stack reads fine everywhere.
  fonts: {},
  keepComments: false,
  // Minifying CSS makes htmlnano warn on every call; whitespace collapsing alone keeps issues small.
  minify: true,
  minifyOptions: { minifyCss: false },
} as const;

function mjmlCacheKey(source: string, mjmlVersion = 'unknown'): string {
  return createHash('sha256')
    .update(`${mjmlVersion}\0${JSON.stringify(mjmlOptions)}\0${source}`)
    .digest('hex');
}

async function compileMjml(file: string, resolved: ResolvedSource): Promise<string> {
  try {
    const { default: mjml2html } = await import('mjml');
    const result = await mjml2html(resolved.source, mjmlOptions);
    return result.html;
  } catch (error) {
    const first = (error as { errors?: { line?: number; message?: string }[] }).errors?.[0];
    const at = locateLine(resolved, first?.line);
    const where = at ? `${at.file}:${at.line}` : file;
    const message = first?.message ?? (error instanceof Error ? error.message : String(error));
    throw new AppError('TEMPLATE_INVALID', `template ${where}: ${message.trim()}`, {
      cause: error,
      details: { template: at?.file ?? file, line: at?.line },
    });
  }
}

/**
 * MJML silently drops text that sits between sections (a bare `{{#each}}` there vanishes even with
 * strict validation), so every expression of the source must still be present in the output.
 */
function assertExpressionsSurvived(file: string, resolved: ResolvedSource, html: string): void {
  const mustaches = /\{\{[^}]*\}\}/g;
  const survived = new Set(html.match(mustaches));
  resolved.source.split('\n').forEach((content, index) => {
    const lost = content.match(mustaches)?.find((expression) => !survived.has(expression));
    if (lost === undefined) return;
    const at = locateLine(resolved, index + 1);
    throw new AppError(
      'TEMPLATE_INVALID',
      `template ${at?.file ?? file}:${at?.line ?? index + 1}: ${lost} was dropped by MJML; wrap block helpers between components in <mj-raw>`,
      { details: { template: at?.file ?? file, line: at?.line } },
    );
  });
}

function parseHandlebars(
  hbs: typeof Handlebars,
  file: string,
  source: string,
  resolved?: ResolvedSource,
): ReturnType<typeof Handlebars.parse> {
  try {
    return hbs.parse(source);
  } catch (error) {
    // Handlebars reports "Parse error on line N:"; map N through the includes when we have them.
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/line (\d+)/.exec(message)?.[1]) || undefined;
    const at = resolved ? locateLine(resolved, line) : line ? { file, line } : undefined;
    throw new AppError('TEMPLATE_INVALID', `template ${at ? `${at.file}:${at.line}` : file}: ${message}`, {
      cause: error,
      details: { template: at?.file ?? file, line: at?.line },
    });
  }
}
