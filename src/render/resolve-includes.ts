import { AppError } from '../errors/index.ts';

/** Where one line of a resolved template came from, so errors point at the file a person edits. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface ResolvedSource {
  source: string;
  /** `lines[i]` is the origin of line `i + 1` of `source`. */
  lines: SourceLine[];
}

const includeLine = /^\s*<mj-include\s+path="([^"]+)"\s*\/>\s*$/;

/**
 * Inlines `<mj-include path="…" />` lines from the given sources instead of letting MJML read files,
 * which keeps compilation free of I/O and lets us map every error line back to its own file.
 * An include must sit alone on its line; includes may nest.
 */
export function resolveIncludes(
  name: string,
  sources: Readonly<Record<string, string>>,
  stack: readonly string[] = [],
): ResolvedSource {
  const text = sources[name];
  if (text === undefined) {
    throw new AppError('TEMPLATE_INVALID', `template ${name}: file not found`, {
      details: { template: name },
    });
  }
  if (stack.includes(name)) {
    throw new AppError(
      'TEMPLATE_INVALID',
      `template ${name}: include cycle ${[...stack, name].join(' → ')}`,
      {
        details: { template: name },
      },
    );
  }
  const out: string[] = [];
  const lines: SourceLine[] = [];
  text.split('\n').forEach((content, index) => {
    const path = includeLine.exec(content)?.[1];
    if (path === undefined) {
      out.push(content);
      lines.push({ file: name, line: index + 1 });
      return;
    }
    const included = resolveIncludes(path.replace(/^\.\//, ''), sources, [...stack, name]);
    out.push(included.source);
    lines.push(...included.lines);
  });
  return { source: out.join('\n'), lines };
}

/** Maps a line of the resolved source back to `file:line`. */
export function locateLine(resolved: ResolvedSource, line: number | undefined): SourceLine | undefined {
  return line === undefined ? undefined : resolved.lines[line - 1];
}
