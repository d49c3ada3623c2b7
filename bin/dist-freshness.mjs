// Whether dist/ was built from the sources as they are now. In a checkout (src/ beside dist/)
// a source edited after the last build makes dist/ stale; an installed package has no src/,
// so its dist/ is all there is. Plain Node, no dependencies: bin/vigil.mjs asks this first, on
// every start, so it stats the build's own list of sources rather than walking src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build wrote: when it began, and every source folder and file it read. */
export const MANIFEST = '.build-manifest.json';
/** Sources the build leaves out (test infrastructure, run through tsx). */
export const NOT_BUILT = ['testing'];

/** Every folder and file under src/ that the build reads, relative to src/ (folders end in /). */
export function builtSources(srcDir) {
  return readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(srcDir.length + 1) + (e.isDirectory() ? '/' : ''))
    .filter((rel) => !NOT_BUILT.some((d) => rel.startsWith(d + '/')));
}

/**
 * { state: 'fresh' | 'missing' | 'stale', newer? }: stale names the first source changed since
 * the build began (a folder's mtime moves when a file is added to or removed from it). A source
 * saved while a build runs counts as changed.
 */
export function distState(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'dist', MANIFEST), 'utf8'));
  } catch {
    return { state: 'missing' };
  }
  const srcDir = join(root, 'src');
  for (const rel of ['', ...manifest.sources]) {
    const mtimeMs = statSync(join(srcDir, rel), { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined || mtimeMs > manifest.startedAtMs) return { state: 'stale', newer: `src/${rel}` };
  }
  return { state: 'fresh' };
}
