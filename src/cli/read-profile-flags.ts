import type { z } from 'zod';
import { AppError } from '../errors/index.ts';
import { Profile } from '../match/index.ts';

/** The command-line flag each field of a profile comes from, for error messages. */
const flagOf: Record<string, string> = {
  topics: '--topics',
  exclude: '--exclude',
  maxPapers: '--max',
  breadth: '--breadth',
  likes: '--like',
  dislikes: '--dislike',
};

/**
 * A profile assembled from a command's flags, validated at the edge: every problem (a wordless
 * topic, a topic over 100 characters, more than 20 topics…) becomes one USAGE error (exit code 2)
 * naming the flag, as `match: --topics: "of the" has no word to match papers on`.
 */
export function readProfileFlags(command: string, input: Record<string, unknown>): Profile {
  const parsed = Profile.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue: z.core.$ZodIssue) => {
    const field = String(issue.path[0]);
    return `${flagOf[field] ?? field}: ${issue.message}`;
  });
  throw new AppError('USAGE', `${command}: ${problems.join('; ')}`);
}
