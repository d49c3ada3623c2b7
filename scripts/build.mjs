#!/usr/bin/env node
// `npm run build` (and `prepare`, which `npm ci` runs): compiles src/ to dist/, the JavaScript
// that bin/vigil.mjs, the daemon and the demo run. Each file is transpiled on its own
// (tsconfig.json has isolatedModules, so that is exact) with the options of tsconfig.build.json:
// about a second, where a whole-program tsc emit takes ten. Type-checking is `npm run
// typecheck`, which `npm test` runs first. Files under src/ that are not TypeScript (the status
// page) are copied. dist/ is swapped in by renames, so a vigil starting meanwhile never runs
// half a build.
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { builtSources, MANIFEST } from '../bin/dist-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');
const distDir = join(root, 'dist');

function compilerOptions() {
  const file = join(root, 'tsconfig.build.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  // One file at a time TypeScript cannot tell ESM from CommonJS by package.json: say ESM.
  return { ...parsed.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
}

/**
 * One program over the sources alone: no lib, no @types and no import resolution to load, and
 * no checking (isolatedModules makes each file's output its own, so nothing is lost).
 */
function emit(files, options, outDir) {
  const program = ts.createProgram(files, { ...options, outDir, noLib: true, noResolve: true, types: [], noCheck: true, noEmitOnError: false });
  const { diagnostics, emitSkipped } = program.emit();
  const syntax = program.getSyntacticDiagnostics();
  const problems = [...syntax, ...diagnostics];
  if (emitSkipped || problems.length > 0) {
    const text = problems.map((d) => `${d.file ? d.file.fileName + ': ' : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).join('\n');
    throw new Error(text || 'TypeScript emitted nothing');
  }
}

function build() {
  const startedAtMs = Date.now();
  const sources = builtSources(srcDir);
  const options = compilerOptions();
  const tmp = `${distDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const typescript = sources.filter((rel) => rel.endsWith('.ts'));
    emit(typescript.map((rel) => join(srcDir, rel)), options, tmp);
    for (const rel of sources) {
      if (rel.endsWith('/')) mkdirSync(join(tmp, rel), { recursive: true });
      else if (!rel.endsWith('.ts')) cpSync(join(srcDir, rel), join(tmp, rel));
    }
    writeFileSync(join(tmp, MANIFEST), JSON.stringify({ startedAtMs, sources }) + '\n');
    const old = `${distDir}.old-${process.pid}`;
    try {
      renameSync(distDir, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    renameSync(tmp, distDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { files: sources.filter((s) => !s.endsWith('/')).length, ms: Date.now() - startedAtMs };
}

try {
  const { files, ms } = build();
  if (!process.argv.includes('--quiet')) process.stderr.write(`[vigil build] dist/: ${files} files from src/ in ${ms} ms\n`);
} catch (error) {
  process.stderr.write(`[vigil build] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
