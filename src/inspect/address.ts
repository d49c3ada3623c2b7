// `--http HOST:PORT` (or just PORT, on 127.0.0.1; `[::1]:PORT` for IPv6). Port 0 asks for any
// free port: the daemon logs the page's URL. Returns the address, or what is wrong with it.
import type { HttpAddress } from './attach.ts';

export const HTTP_HOST_DEFAULT = '127.0.0.1';

export function parseHttpAddress(text: string): HttpAddress | string {
  const hint = 'write HOST:PORT, e.g. 127.0.0.1:7407 (0.0.0.0:7407 for every interface; port 0 for any free one)';
  const t = text.trim();
  const m = /^\d+$/.test(t) ? [t, undefined, undefined, t] : /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d+)$/.exec(t);
  if (!m) return `'${text}' is not an address: ${hint}`;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port > 65_535) return `'${text}': port ${m[3]} is above 65535; ${hint}`;
  return { host: m[1] ?? m[2] ?? HTTP_HOST_DEFAULT, port };
}
