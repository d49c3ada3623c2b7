// `npm run cts -- [--short] [--only NAME]... [--repeat N] [--keep] [--quiet-period MS]`
// Runs the fault catalogue (src/testing/cts/catalogue.ts) on real daemons with real agents, each test on
// a fresh three-node cluster (ports 7800-7899), and checks every run's ledger against the
// invariants (src/testing/ledger-checker/). Progress goes to stderr; the results table and each
// violation's trace to stdout; the last line is `cts: T tests, V violations`. Exit code 1 when
// a test failed or errored (skipped tests, e.g. SplitBrain without root, do not fail the run).
import { CATALOGUE, findTest, SHORT_CATALOGUE } from '../src/testing/cts/catalogue.ts';
import { formatResults, runCatalogue } from '../src/testing/cts/runner.ts';
import type { CtsTest } from '../src/testing/cts/types.ts';

interface Options { tests: CtsTest[]; repeat: number; keep: boolean; quietPeriodMs?: number }

const USAGE = `usage: npm run cts -- [--short] [--only NAME]... [--repeat N] [--keep] [--quiet-period MS]
tests: ${CATALOGUE.map((t) => t.name).join(', ')}`;

function parseOptions(argv: string[]): Options | string {
  let short = false;
  const only: CtsTest[] = [];
  const opts: Options = { tests: [], repeat: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--short') short = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--only') {
      const test = findTest(argv[++i] ?? '');
      if (test === undefined) return `--only ${argv[i] ?? ''}: no such test`;
      only.push(test);
    } else if (a === '--repeat' || a === '--quiet-period') {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n < (a === '--repeat' ? 1 : 0)) return `${a} needs a whole number, got ${argv[i] ?? 'nothing'}`;
      if (a === '--repeat') opts.repeat = n;
      else opts.quietPeriodMs = n;
    } else return `unknown argument ${a}`;
  }
  opts.tests = only.length > 0 ? only : [...(short ? SHORT_CATALOGUE : CATALOGUE)];
  return opts;
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (typeof opts === 'string') {
    console.error(`cts: ${opts}\n${USAGE}`);
    return 2;
  }
  console.error(`cts: ${opts.tests.map((t) => t.name).join(', ')}${opts.repeat > 1 ? ` x${opts.repeat}` : ''}`);
  const results = await runCatalogue(opts.tests, {
    repeat: opts.repeat, keepFiles: opts.keep, quietPeriodMs: opts.quietPeriodMs,
    progress: (line) => console.error(line),
  });
  console.log(formatResults(results));
  return results.some((r) => r.status === 'failed' || r.status === 'error') ? 1 : 0;
}

process.exitCode = await main();
