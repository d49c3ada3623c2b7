// `vigil simulate FILE [-t DATE] [--node-fail N] [--node-up N] [--op-fail RSC_OP_INTERVAL@NODE=RC]
// [--quorum 0|1] [--json] [--explain]`: run the scheduler on a YAML or CIB document, after
// optional injected events, and print the Transition Summary (crm_simulate's format). What
// vigil does not model is printed on stderr first; a config vigil refuses is not simulated.
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { parseDateSeconds } from '../../config/cib/values.ts';
import { loadChecked, report } from './checked-document.ts';
import { formatExplanation, formatSummary, schedule } from '../../scheduler/index.ts';
import { inject, parseOpFail, type Injection } from '../../scheduler/inject.ts';

const USAGE = 'usage: vigil simulate FILE [-t|--set-datetime DATE] [--node-fail NODE] [--node-up NODE] [--op-fail RSC_OP_INTERVAL@NODE=RC] [--quorum 0|1] [--json] [--explain]\n  DATE: ISO 8601 ("2014-05-07 00:28:00", "2005-020T12:30"), as crm_simulate -t';

interface Args { file: string; injections: Injection[]; json: boolean; explain: boolean; nowS?: number }

function parseArgs(args: string[]): Args | string {
  const out: Partial<Args> = { injections: [], json: false, explain: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    if (a === '-t' || a === '--set-datetime') {
      // crm_simulate's form: the date may be split at its one space ("2014-05-07 00:28:00").
      let text = value() ?? '';
      if (/^\d{2}:\d{2}/.test(args[i + 1] ?? '')) text += ` ${value()}`;
      const seconds = parseDateSeconds(text);
      if (seconds === undefined) return `${a} '${text}' is not an ISO 8601 date (e.g. 2014-05-07 00:28:00)`;
      out.nowS = seconds;
    } else if (a === '--json') out.json = true;
    else if (a === '--explain') out.explain = true;
    else if (a === '--node-fail' || a === '--node-up') {
      const node = value();
      if (!node) return `${a} needs a node name`;
      out.injections!.push({ kind: a === '--node-fail' ? 'node-fail' : 'node-up', node });
    } else if (a === '--op-fail') {
      const parsed = parseOpFail(value() ?? '');
      if (typeof parsed === 'string') return parsed;
      out.injections!.push(parsed);
    } else if (a === '--quorum') {
      const v = value();
      if (v !== '0' && v !== '1') return '--quorum takes 0 or 1';
      out.injections!.push({ kind: 'quorum', quorum: v === '1' });
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (out.file === undefined) out.file = a;
    else return `unexpected argument ${a}`;
  }
  if (out.file === undefined) return 'FILE is required';
  return out as Args;
}

export const simulateCommand: Command = {
  usage: USAGE,
  async run(args, ctx) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      ctx.err(`vigil simulate: ${parsed}\n${USAGE}`);
      return 2;
    }
    let doc;
    let nowS = parsed.nowS ?? Math.floor(Date.now() / 1000);
    try {
      const checked = await loadChecked(parsed.file, { planOnly: true, ...(parsed.nowS === undefined ? {} : { nowSeconds: parsed.nowS }) });
      report(checked, (line) => ctx.err(line));
      if (checked.refusals.length > 0) {
        ctx.err(`vigil simulate: ${parsed.file} is not a config vigil would run (errors above); nothing simulated`);
        return 1;
      }
      // -t wins; else the document's own execution date; else the wall clock.
      nowS = parsed.nowS ?? checked.doc.status.now ?? nowS;
      doc = inject(checked.doc, parsed.injections, nowS);
    } catch (error) {
      ctx.err(`vigil simulate: ${error instanceof ConfigError ? error.format() : (error as Error).message}`);
      return 1;
    }
    const graph = schedule(parsed.nowS === undefined ? doc : { ...doc, status: { ...doc.status, now: nowS } }, { now: nowS });
    if (parsed.json) {
      ctx.out(JSON.stringify(graph, null, 2));
      return 0;
    }
    ctx.out('Transition Summary:');
    for (const line of formatSummary(graph)) ctx.out(`  * ${line}`);
    if (parsed.explain) {
      ctx.out('');
      ctx.out('Explanation:');
      for (const line of formatExplanation(graph.explanation)) ctx.out(`  ${line}`);
    }
    return 0;
  },
};
