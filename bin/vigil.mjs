#!/usr/bin/env node
// The `vigil` command: runs the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds
// it). In a checkout whose sources changed since that build, it says so and runs the sources
// through tsx instead (slower to start, never stale).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = await entryPoint();
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2), root);

async function entryPoint() {
  const dist = new URL('../dist/cli/main.js', import.meta.url);
  if (!existsSync(new URL('../src/', import.meta.url))) return dist; // an installed package
  const { distState } = await import('./dist-freshness.mjs');
  const found = distState(root);
  if (found.state === 'fresh') return dist;
  const why = found.state === 'missing' ? 'dist/ is not built' : `${found.newer} changed since dist/ was built`;
  process.stderr.write(`vigil: ${why}; running the TypeScript sources through tsx (slower). \`npm run build\` rebuilds dist/.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return new URL('../src/cli/main.ts', import.meta.url);
}
