/**
 * `localhost` (and `*.localhost`), 127.0.0.0/8 and ::1, also in IPv4-mapped IPv6 form and in
 * brackets: names and addresses that never leave this machine.
 *
 * @example isLoopbackHost('127.0.0.1') // true
 * @example isLoopbackHost('0.0.0.0') // false: every interface
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    name === '::1'
  );
}

/** A URL whose host is a loopback name or address (`http://localhost:8080`): only this machine can follow it. */
export function isLocalUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
