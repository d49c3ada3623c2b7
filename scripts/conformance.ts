// `npm run conformance -- DIR [--case NAME] [--filter SUBSTR] [--verbose] [--json]`
// Runs vigil's scheduler on every case of a Pacemaker conformance folder (tests.tsv, xml/,
// summary/) and compares Transition Summaries, order- and whitespace-insensitively.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCasesTsv } from '../src/testing/conformance/cases.ts';
import { aggregate, formatReport } from '../src/testing/conformance/report.ts';
import { runCase, type CaseResult, type SchedulerApi } from '../src/testing/conformance/run.ts';

interface Options {
  dir: string;
  caseName?: string;
  filter?: string;
  verbose: boolean;
  json: boolean;
}

const USAGE = 'usage: npm run conformance -- DIR [--case NAME] [--filter SUBSTR] [--verbose] [--json]';

function parseOptions(argv: string[]): Options | string {
  const opts: Partial<Options> = { verbose: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--case') opts.caseName = argv[++i];
    else if (a === '--filter') opts.filter = argv[++i];
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (opts.dir === undefined) opts.dir = a;
    else return `unexpected argument ${a}`;
  }
  if (opts.dir === undefined) return 'DIR is required (e.g. ../shared/conformance/pacemaker-2.1.5)';
  if ((opts.caseName === undefined && argv.includes('--case')) || (opts.filter === undefined && argv.includes('--filter'))) return '--case and --filter need a value';
  return opts as Options;
}

async function loadScheduler(): Promise<SchedulerApi | string> {
  try {
    // A computed specifier: the module may not exist yet, and must not break type-checking.
    const mod = (await import(new URL('../src/scheduler/index.ts', import.meta.url).href)) as Partial<SchedulerApi>;
    if (typeof mod.schedule !== 'function' || typeof mod.formatSummary !== 'function') return 'src/scheduler/index.ts does not export schedule() and formatSummary()';
    return mod as SchedulerApi;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (typeof opts === 'string') {
    console.error(`${opts}\n${USAGE}`);
    return 2;
  }
  const tsv = join(opts.dir, 'tests.tsv');
  let cases = parseCasesTsv(readFileSync(tsv, 'utf8'), tsv);
  if (opts.caseName !== undefined) cases = cases.filter((c) => c.name === opts.caseName);
  if (opts.filter !== undefined) cases = cases.filter((c) => c.name.includes(opts.filter!));
  if (cases.length === 0) {
    console.error(`no case matches in ${tsv}`);
    return 2;
  }
  const loaded = await loadScheduler();
  const scheduler = typeof loaded === 'string' ? undefined : loaded;
  if (typeof loaded === 'string') console.error(`scheduler not available: ${loaded}`);
  const results: CaseResult[] = cases.map((c) => runCase({
    case: c,
    xml: readFileSync(join(opts.dir, 'xml', `${c.name}.xml`), 'utf8'),
    summaryText: readFileSync(join(opts.dir, 'summary', `${c.name}.summary`), 'utf8'),
    wallClockSeconds: Math.floor(Date.now() / 1000),
    clockMs: () => performance.now(),
  }, scheduler));
  const report = aggregate(results);
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report, opts.verbose || opts.caseName !== undefined)) console.log(line);
  return 0;
}

process.exitCode = await main();
