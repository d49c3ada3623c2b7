// The cluster key file: 32 random bytes as hex, readable by its owner only. Every node holds
// the same file; it is the TLS pre-shared key (tls-psk.ts).
import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { CLUSTER_KEY_BYTES } from './constants.ts';

export class ClusterKeyError extends Error {
  override name = 'ClusterKeyError';
  constructor(readonly file: string, problem: string, readonly fix: string) {
    super(`${file}: ${problem} — fix: ${fix}`);
  }
}

const KEY_HEX_PATTERN = new RegExp(`^[0-9a-f]{${2 * CLUSTER_KEY_BYTES}}$`);

/** Reads and checks a key file: mode 0600 or stricter, exactly 64 lowercase hex digits. */
export async function loadClusterKey(file: string): Promise<Buffer> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    throw new ClusterKeyError(file, `cannot read the cluster key (${(error as NodeJS.ErrnoException).code ?? String(error)})`, `create it with 'vigil keygen ${file}' and copy it to every node`);
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new ClusterKeyError(file, `the cluster key is readable by group or others (mode ${octal})`, `chmod 600 ${file}`);
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!KEY_HEX_PATTERN.test(text)) {
    throw new ClusterKeyError(file, `not a cluster key: expected ${2 * CLUSTER_KEY_BYTES} lowercase hex digits`, `create a new one with 'vigil keygen FILE' and copy it to every node`);
  }
  return Buffer.from(text, 'hex');
}

/** Writes a fresh random key with mode 0600; refuses to overwrite an existing file. */
export async function writeClusterKey(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ClusterKeyError(file, 'already exists; refusing to overwrite a cluster key', 'remove it first if you really mean to replace the key on every node');
    throw new ClusterKeyError(file, `cannot create the key file (${code ?? String(error)})`, 'choose a writable path');
  }
  try {
    await handle.chmod(0o600); // the umask may have removed bits, never added; be explicit anyway
    await handle.writeFile(randomBytes(CLUSTER_KEY_BYTES).toString('hex') + '\n', 'utf8');
  } finally {
    await handle.close();
  }
}
