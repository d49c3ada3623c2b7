#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's pre-scripts): installs what vigil needs the
// first time, so a fresh clone on a fresh machine works with one command. Plain Node, no
// dependencies: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages and a file each one installs, to tell whether it is there. */
const PACKAGES = [
  { name: 'resource-agents', probe: '/usr/lib/ocf/resource.d/heartbeat/Dummy' },
  { name: 'pacemaker-resource-agents', probe: '/usr/lib/ocf/resource.d/pacemaker/Dummy' },
  { name: 'fence-agents', probe: '/usr/sbin/fence_dummy' },
  { name: 'pacemaker-cli-utils', probe: '/usr/sbin/crm_simulate' },
  // Pacemaker's sample alert agents (the alerts test runs alert_file.sh.sample unmodified);
  // pacemaker-cli-utils pulls it in too, named here so that it is never left to chance.
  { name: 'pacemaker-common', probe: '/usr/share/pacemaker/alerts/alert_file.sh.sample' },
  // ocf:pacemaker:ping runs ping (the node-attribute tests).
  { name: 'iputils-ping', probe: '/usr/bin/ping' },
  // The status page's browser tests drive Debian's Chromium (playwright-core, no download).
  { name: 'chromium', probe: '/usr/bin/chromium' },
  // promtool, which checks what /metrics serves.
  { name: 'prometheus', probe: '/usr/bin/promtool' },
];

function say(line) {
  process.stderr.write(`[vigil setup] ${line}\n`);
}

function ensureNodeModules() {
  const lock = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(lock)) return;
  say('installing node modules (npm ci)...');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say('npm ci failed: run it by hand and read its error.');
    process.exit(r.status ?? 1);
  }
}

function ensureDebianPackages() {
  const missing = PACKAGES.filter((p) => !existsSync(p.probe)).map((p) => p.name);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('which', ['apt-get']).status === 0;
  if (!isRoot || !hasApt) {
    say(`missing Debian packages: ${missing.join(' ')}`);
    say(`install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  say(`installing Debian packages: ${missing.join(' ')} (apt-get)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  } catch {
    say(`apt-get failed; install by hand: apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

/** `npm ci` builds dist/ (prepare); sources edited since are built again here. */
async function ensureBuild() {
  const { distState } = await import('../bin/dist-freshness.mjs');
  const found = distState(root);
  if (found.state === 'fresh') return;
  say(found.state === 'missing' ? 'building dist/ (npm run build)...' : `${found.newer} changed: building dist/ again (npm run build)...`);
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

ensureNodeModules();
ensureDebianPackages();
await ensureBuild();
