import type { ParseWarning } from './paper.ts';

/**
 * The longest value each field of a paper may have. Real papers stay far below (arXiv caps
 * abstracts at 1,920 characters and titles are rarely over 300); the limits exist so that a hostile
 * digest cannot feed megabytes into one field, its regular expressions, the store and every email.
 */
export const fieldLimits = {
  title: 1_000,
  abstract: 20_000,
  author: 300,
  authors: 1_000,
  category: 100,
  categories: 100,
  url: 2_048,
  /** Warnings kept per digest; the rest are counted in one last warning. */
  warnings: 100,
} as const;

/** Cuts `value` to `max` characters, saying so in a warning. */
export function limitText(
  value: string,
  max: number,
  warning: Omit<ParseWarning, 'message'> & { what: string },
  warnings: ParseWarning[],
): string {
  if (value.length <= max) return value;
  const { what, ...where } = warning;
  warnings.push({
    ...where,
    message: `${what} is ${value.length.toLocaleString('en')} characters long; kept the first ${max.toLocaleString('en')}`,
  });
  return value.slice(0, max);
}

/** At most `fieldLimits.warnings` warnings, then one that counts the rest. */
export function limitWarnings(warnings: ParseWarning[]): ParseWarning[] {
  if (warnings.length <= fieldLimits.warnings) return warnings;
  const rest = warnings.length - fieldLimits.warnings;
  return [
    ...warnings.slice(0, fieldLimits.warnings),
    { message: `${rest.toLocaleString('en')} more warning${rest === 1 ? '' : 's'} not shown` },
  ];
}
