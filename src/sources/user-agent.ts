import pkg from '../../package.json' with { type: 'json' };

/**
 * `Paperboy/0.1.0 (mailto:ops@example.org)`: who is asking and how to reach them, as arXiv asks of
 * API clients and as any operator of a public API appreciates.
 */
export function buildUserAgent(contact: string): string {
  return `Paperboy/${pkg.version} (mailto:${contact})`;
}
