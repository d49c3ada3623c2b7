// vigil as operators install it: the npm package installed globally (into a temporary
// prefix), and the Debian package installed with apt (as root: CI is), each running
// `vigil --help` and `vigil validate`. The Debian package is removed again afterwards.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'vigil-install-'));
const isRoot = process.getuid?.() === 0;
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installing vigil', () => {
  it('should give a working vigil from npm pack and npm install -g', async () => {
    // dist/ is built (npm test builds it first); prepare is not run again under the other tests' daemons.
    const { stdout } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT });
    const tarball = join(work, stdout.trim().split('\n').at(-1)!);
    const prefix = join(work, 'prefix');
    await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: work });
    const vigil = join(prefix, 'bin', 'vigil');
    const help = await run(vigil, ['--help'], { cwd: work });
    expect(help.stdout).toMatch(/^usage: vigil COMMAND/);
    expect(help.stderr).toBe(''); // no word about stale or missing builds: the package has dist/ and no src/
    const example = join(prefix, 'lib', 'node_modules', 'vigil', 'examples', 'cluster.yaml');
    expect((await run(vigil, ['validate', example], { cwd: work })).stdout).toBe(`${example}: valid (6 resources, 3 constraints, 3 nodes)\n`);
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'vigil')).sort()).not.toContain('src');
  }, 300_000);

  it.skipIf(!isRoot)('should install the Debian package with apt, run it, show its unit, and remove it', async () => {
    expect(spawnSync('dpkg', ['-s', 'vigil']).status, 'a vigil package is installed already: remove it first').not.toBe(0);
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts', 'build-deb.mjs'), '--out', work], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const deb = stdout.trim().split('\n').at(-1)!;
    expect(deb).toMatch(/vigil_[\d.]+_all\.deb$/);
    try {
      await run('apt-get', ['install', '-y', '-qq', deb], { env: APT_ENV });
      expect((await run('vigil', ['--help'])).stdout).toMatch(/^usage: vigil COMMAND/);
      expect((await run('vigil', ['validate', '/etc/vigil/cluster.yaml.example'])).stdout).toBe('/etc/vigil/cluster.yaml.example: valid (6 resources, 3 constraints, 3 nodes)\n');
      // `systemctl cat vigil` where systemd runs; the installed unit file everywhere.
      const unit = readFileSync('/lib/systemd/system/vigil.service', 'utf8');
      expect(unit).toContain('ExecStart=/usr/bin/vigil daemon --config /etc/vigil/cluster.yaml --node %H');
      expect(unit).toContain('KillMode=process');
      const depends = (await run('dpkg-query', ['-W', '-f=${Depends}', 'vigil'])).stdout;
      expect(depends).toBe('nodejs (>= 20), resource-agents, fence-agents');
    } finally {
      await run('apt-get', ['remove', '-y', '-qq', '--purge', 'vigil'], { env: APT_ENV });
    }
    expect(spawnSync('dpkg', ['-s', 'vigil']).status).not.toBe(0);
  }, 600_000);
});
