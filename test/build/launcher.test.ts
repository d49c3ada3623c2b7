// bin/vigil.mjs runs dist/ when it was built from the sources as they are, and otherwise says
// so and runs the sources through tsx: a developer never runs a stale build without knowing.
// A copy of bin/ in a temporary project whose dist/ and src/ each say which one ran.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distState } from '../../bin/dist-freshness.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let project: string;

const MAIN = (from: string) => `export async function runCli(argv) { process.stdout.write('${from} ' + argv.join(' ') + '\\n'); return 0; }\n`;

/** A build as scripts/build.mjs leaves it: its manifest dated `startedAtMs`. */
function writeDist(startedAtMs: number, sources: string[]): void {
  mkdirSync(join(project, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(project, 'dist', 'cli', 'main.js'), MAIN('dist'));
  writeFileSync(join(project, 'dist', '.build-manifest.json'), JSON.stringify({ startedAtMs, sources }));
}

function age(rel: string, ms: number): void {
  const at = new Date(ms);
  utimesSync(join(project, rel), at, at);
}

async function vigil(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(project, 'bin', 'vigil.mjs'), ...args]);
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'vigil-launcher-'));
  cpSync(join(ROOT, 'bin'), join(project, 'bin'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(project, 'src', 'cli'), { recursive: true });
  mkdirSync(join(project, 'src', 'testing'), { recursive: true });
  writeFileSync(join(project, 'src', 'cli', 'main.ts'), MAIN('src'));
  for (const rel of ['src/cli/main.ts', 'src/cli', 'src/testing', 'src']) age(rel, 1_000_000);
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('bin/vigil.mjs', () => {
  it('should run dist/ without a word when no source changed since the build', async () => {
    writeDist(2_000_000, ['cli/', 'cli/main.ts']);
    expect(distState(project)).toEqual({ state: 'fresh' });
    expect(await vigil('--help')).toEqual({ stdout: 'dist --help\n', stderr: '' });
  });

  it('should say which source changed and run the sources through tsx when dist/ is stale', async () => {
    writeDist(2_000_000, ['cli/', 'cli/main.ts']);
    age('src/cli/main.ts', 3_000_000);
    const { stdout, stderr } = await vigil('validate', 'x.yaml');
    expect(stdout).toBe('src validate x.yaml\n');
    expect(stderr).toContain('src/cli/main.ts changed since dist/ was built');
    expect(stderr).toContain('npm run build');
  });

  it('should count a file added to a source folder, and ignore src/testing (not built)', async () => {
    writeDist(2_000_000, ['cli/', 'cli/main.ts']);
    age('src/testing', 3_000_000);
    expect(distState(project)).toEqual({ state: 'fresh' });
    age('src/cli', 3_000_000);
    expect(distState(project)).toEqual({ state: 'stale', newer: 'src/cli/' });
  });

  it('should count a source the build read that is gone', async () => {
    writeDist(2_000_000, ['cli/', 'cli/main.ts', 'cli/gone.ts']);
    expect(distState(project)).toEqual({ state: 'stale', newer: 'src/cli/gone.ts' });
  });

  it('should run the sources, saying dist/ is not built, when there is no build', async () => {
    const { stdout, stderr } = await vigil();
    expect(stdout).toBe('src \n');
    expect(stderr).toContain('dist/ is not built');
  });

  it('should run dist/ of an installed package (no src/) without looking at sources', async () => {
    writeDist(0, ['cli/', 'cli/main.ts', 'cli/gone.ts']);
    rmSync(join(project, 'src'), { recursive: true });
    expect(await vigil('status')).toEqual({ stdout: 'dist status\n', stderr: '' });
  });
});
