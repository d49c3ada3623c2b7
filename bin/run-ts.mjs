#!/usr/bin/env node
// Runs a TypeScript entry point through tsx: the benchmarks and scripts (npm run bench, chaos,
// cts, conformance, visualize) run the sources, with no build in between.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
register();
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
