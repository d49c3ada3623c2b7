// `npm run visualize`: writes visualizations/ from the machine definitions.
// `npm run visualize -- --check`: writes nothing; exits 1 and lists what is stale.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MACHINES } from '../src/machines/index.ts';
import { isGeneratedFileName, renderAll } from '../src/inspect/diagram/render-all.ts';

const OUT_DIR = fileURLToPath(new URL('../visualizations/', import.meta.url));
const USAGE = 'usage: npm run visualize [-- --check]\n  writes visualizations/*.svg, *.mmd and README.md from src/machines/index.ts\n  --check  write nothing; exit 1 and list the files that differ';

/** Files whose content on disk differs from `files`, plus generated-looking files nothing produces any more. */
function staleFiles(files: Map<string, string>): string[] {
  const stale: string[] = [];
  for (const [name, content] of files) {
    const path = join(OUT_DIR, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(name);
  }
  for (const name of existsSync(OUT_DIR) ? readdirSync(OUT_DIR).sort() : []) {
    if (isGeneratedFileName(name) && !files.has(name)) stale.push(`${name} (no machine produces it any more)`);
  }
  return stale;
}

function write(files: Map<string, string>): void {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const name of readdirSync(OUT_DIR).sort()) {
    if (isGeneratedFileName(name) && !files.has(name)) {
      rmSync(join(OUT_DIR, name));
      console.log(`removed visualizations/${name}`);
    }
  }
  for (const [name, content] of files) {
    const path = join(OUT_DIR, name);
    const same = existsSync(path) && readFileSync(path, 'utf8') === content;
    if (!same) writeFileSync(path, content);
    console.log(`${same ? 'unchanged' : 'wrote    '} visualizations/${name}`);
  }
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`visualize: unknown argument '${unknown[0]}'\n${USAGE}`);
    return 2;
  }
  const files = await renderAll(MACHINES);
  if (!args.includes('--check')) {
    write(files);
    return 0;
  }
  const stale = staleFiles(files);
  if (stale.length === 0) {
    console.log(`visualizations/ is up to date (${files.size} files)`);
    return 0;
  }
  console.error('visualizations/ is stale: run npm run visualize');
  for (const name of stale) console.error(`  visualizations/${name}`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
