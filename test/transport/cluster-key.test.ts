// The cluster key file and `vigil keygen`.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keygenCommand } from '../../src/cli/commands/keygen.ts';
import type { CliContext } from '../../src/cli/main.ts';
import { ClusterKeyError, loadClusterKey, writeClusterKey } from '../../src/transport/cluster-key.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFile(name = 'cluster.key'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
  dirs.push(dir);
  return join(dir, name);
}

describe('cluster key', () => {
  it('should write 32 random bytes as hex with mode 0600 and load them back', async () => {
    const file = tempFile();
    await writeClusterKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const key = await loadClusterKey(file);
    expect(key.toString('hex')).toBe(readFileSync(file, 'utf8').trim());
    const other = tempFile();
    await writeClusterKey(other);
    expect((await loadClusterKey(other)).equals(key)).toBe(false);
  });

  it('should refuse a key readable by group or others, naming the file and the chmod fix', async () => {
    const file = tempFile();
    await writeClusterKey(file);
    chmodSync(file, 0o644);
    const error = await loadClusterKey(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterKeyError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('mode 0644');
    expect((error as Error).message).toContain(`chmod 600 ${file}`);
    chmodSync(file, 0o640);
    await expect(loadClusterKey(file)).rejects.toThrow(/group or others/);
  });

  it('should refuse a file that is not a key, and a missing file', async () => {
    const file = tempFile();
    writeFileSync(file, 'not-hex\n', { mode: 0o600 });
    await expect(loadClusterKey(file)).rejects.toThrow(/64 lowercase hex digits/);
    await expect(loadClusterKey(tempFile('missing.key'))).rejects.toThrow(/vigil keygen/);
  });

  it('should refuse to overwrite an existing key', async () => {
    const file = tempFile();
    await writeClusterKey(file);
    const before = readFileSync(file, 'utf8');
    await expect(writeClusterKey(file)).rejects.toThrow(/refusing to overwrite/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('should run as `vigil keygen FILE` with exit codes 0, 1 (exists) and 2 (usage)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = { root: '.', out: (l) => out.push(l), err: (l) => err.push(l) };
    const file = tempFile();
    expect(await keygenCommand.run([file], ctx)).toBe(0);
    expect(out[0]).toContain('mode 0600');
    expect(await keygenCommand.run([file], ctx)).toBe(1);
    expect(err[0]).toContain('refusing to overwrite');
    expect(await keygenCommand.run([], ctx)).toBe(2);
  });
});
