#!/usr/bin/env node
// `node scripts/build-deb.mjs [--out DIR]`: builds vigil_VERSION_all.deb with dpkg-deb.
//   /usr/lib/vigil/                  the npm package (`npm pack`: bin/, dist/, examples/, docs/)
//                                    with its production dependencies (npm ci --omit=dev)
//   /usr/bin/vigil                   -> /usr/lib/vigil/bin/vigil.mjs
//   /lib/systemd/system/vigil.service  packaging/vigil.service (not enabled: it needs a config)
//   /etc/vigil/cluster.yaml.example  the demo's config, to start from
// Depends on nodejs (>= 20): Debian 12's own nodejs is 18, so there it takes NodeSource's
// package (what this machine has) or Debian 13; resource-agents and fence-agents as the
// agents vigil runs. Pure JavaScript: Architecture all.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distState } from '../bin/dist-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist-deb'));

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

const control = `Package: vigil
Version: ${pkg.version}
Architecture: all
Maintainer: vigil developers <vigil@localhost>
Depends: nodejs (>= 20), resource-agents, fence-agents
Recommends: pacemaker-resource-agents
Section: admin
Priority: optional
Homepage: file:///usr/lib/vigil/README.md
Description: ${pkg.description}
 vigil keeps services running on a cluster of machines: Pacemaker's resource
 manager semantics as XState statecharts, one daemon per node, real OCF
 resource agents and fence agents. The unit vigil.service runs this node's
 daemon with /etc/vigil/cluster.yaml.
`;

const work = mkdtempSync(join(tmpdir(), 'vigil-deb-'));
try {
  const stage = join(work, 'root');
  const lib = join(stage, 'usr', 'lib', 'vigil');
  mkdirSync(lib, { recursive: true });
  // Exactly what the npm package holds; dist/ built first when the sources changed (not by
  // npm pack's prepare, which would rebuild it under daemons that tests run meanwhile).
  if (distState(root).state !== 'fresh') run(process.execPath, [join(root, 'scripts', 'build.mjs')], root);
  run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], root);
  run('tar', ['-xzf', join(work, `${pkg.name}-${pkg.version}.tgz`), '-C', lib, '--strip-components=1']);
  cpSync(join(root, 'package-lock.json'), join(lib, 'package-lock.json'));
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], lib);
  mkdirSync(join(stage, 'usr', 'bin'), { recursive: true });
  symlinkSync('../lib/vigil/bin/vigil.mjs', join(stage, 'usr', 'bin', 'vigil'));
  chmodSync(join(lib, 'bin', 'vigil.mjs'), 0o755);
  mkdirSync(join(stage, 'lib', 'systemd', 'system'), { recursive: true });
  cpSync(join(root, 'packaging', 'vigil.service'), join(stage, 'lib', 'systemd', 'system', 'vigil.service'));
  mkdirSync(join(stage, 'etc', 'vigil'), { recursive: true });
  cpSync(join(root, 'examples', 'cluster.yaml'), join(stage, 'etc', 'vigil', 'cluster.yaml.example'));
  mkdirSync(join(stage, 'DEBIAN'));
  writeFileSync(join(stage, 'DEBIAN', 'control'), control);
  writeFileSync(join(stage, 'DEBIAN', 'conffiles'), '/etc/vigil/cluster.yaml.example\n');
  mkdirSync(outDir, { recursive: true });
  const deb = join(outDir, `vigil_${pkg.version}_all.deb`);
  run('dpkg-deb', ['--build', '--root-owner-group', stage, deb], root);
  process.stdout.write(`${deb}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
