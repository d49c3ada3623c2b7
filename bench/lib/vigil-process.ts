// The `vigil` command as a user runs it: `node bin/vigil.mjs`, which runs dist/. A benchmark of
// whole processes builds dist/ first when the sources changed, or it would time tsx instead.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { distState } from '../../bin/dist-freshness.mjs';

export const ROOT = join(import.meta.dirname, '..', '..');
export const VIGIL = join(ROOT, 'bin', 'vigil.mjs');

/** Builds dist/ unless it is fresh; throws when the build fails. */
export function ensureBuilt(): void {
  const found = distState(ROOT);
  if (found.state === 'fresh') return;
  console.log(found.state === 'stale' ? `${found.newer} changed: building dist/` : 'dist/ not built: building it');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** argv for spawning `vigil ARGS` (node first). */
export function vigilArgv(...args: string[]): [string, string[]] {
  return [process.execPath, [VIGIL, ...args]];
}
