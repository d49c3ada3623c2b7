// The conformance suite's index (tests.tsv): one case per line, with the features it
// exercises and the extra crm_simulate arguments it needs.
import { parseDateSeconds } from '../../config/cib/values.ts';

export interface ConformanceCase {
  name: string;
  tier: string;
  features: string[];
  description: string;
  /** crm_simulate arguments as written in the file, split on whitespace. */
  args: string[];
}

/** Parses tests.tsv (a header line, then name, tier, features, description, args). */
export function parseCasesTsv(text: string, file: string): ConformanceCase[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift()?.split('\t') ?? [];
  if (header[0] !== 'name' || header.length < 5) {
    throw new Error(`${file}: expected a header "name\\ttier\\tfeatures\\tdescription\\tcrm_simulate_args", found "${header.join('\\t')}"`);
  }
  return lines.map((line, i) => {
    const cols = line.split('\t');
    if (cols.length < 4 || !cols[0]) throw new Error(`${file}:${i + 2}: expected 5 tab-separated columns, found ${cols.length}`);
    return {
      name: cols[0],
      tier: cols[1] ?? '',
      features: (cols[2] ?? '').split(',').filter((f) => f !== ''),
      description: cols[3] ?? '',
      args: (cols[4] ?? '').trim().split(/\s+/).filter((a) => a !== ''),
    };
  });
}

/** What the crm_simulate arguments ask of vigil. Only -t/--set-datetime occurs in the suite. */
export interface SimulateArgs {
  /** Seconds since the epoch ("now" for rules and failure timeouts). */
  nowSeconds?: number;
}

/**
 * Interprets a case's crm_simulate arguments. `-t DATE` (the date may contain one space, as
 * in "2014-05-07 00:28:00") pins now. Anything else is unsupported and throws, so the case
 * fails loudly instead of being compared under different conditions.
 */
export function parseSimulateArgs(args: string[]): SimulateArgs {
  const out: SimulateArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg !== '-t' && arg !== '--set-datetime') throw new Error(`unsupported crm_simulate argument '${arg}'`);
    let text = args[i + 1] ?? '';
    if (/^\d{2}:\d{2}/.test(args[i + 2] ?? '')) text += ` ${args[++i + 1]}`;
    i++;
    const seconds = parseDateSeconds(text);
    if (seconds === undefined) throw new Error(`-t '${text}' is not an ISO 8601 date`);
    out.nowSeconds = seconds;
  }
  return out;
}
