// `vigil simulate FILE [--node-fail N] [--node-up N] [--op-fail RSC_OP_INTERVAL@NODE=RC]
// [--quorum 0|1] [--json] [--explain]`: run the scheduler on a YAML or CIB document, after
// optional injected events, and print the Transition Summary (crm_simulate's format).
import type { Command } from '../main.ts';
import { loadDocumentFile } from '../../config/load.ts';
import { formatExplanation, formatSummary, schedule } from '../../scheduler/index.ts';
import { inject, parseOpFail, type Injection } from '../../scheduler/inject.ts';

const USAGE = 'usage: vigil simulate FILE [--node-fail NODE] [--node-up NODE] [--op-fail RSC_OP_INTERVAL@NODE=RC] [--quorum 0|1] [--json] [--explain]';

interface Args { file: string; injections: Injection[]; json: boolean; explain: boolean }

function parseArgs(args: string[]): Args | string {
  const out: Partial<Args> = { injections: [], json: false, explain: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    if (a === '--json') out.json = true;
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
    const nowS = Math.floor(Date.now() / 1000);
    let doc;
    try {
      doc = inject(await loadDocumentFile(parsed.file), parsed.injections, nowS);
    } catch (error) {
      ctx.err(`vigil simulate: ${(error as Error).message}`);
      return 1;
    }
    const graph = schedule(doc, { now: nowS });
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
