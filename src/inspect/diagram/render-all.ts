// Everything in visualizations/, as data: file name → content. `npm run visualize` writes it,
// `--check` and test/visualizations/stale.test.ts compare it with the disk. No I/O here.
import type { AnyStateMachine } from 'xstate';
import { machineToGraph } from './graph.ts';
import { layoutGraph } from './layout.ts';
import { graphToMermaid } from './mermaid.ts';
import { layoutToSvg } from './svg.ts';

export interface MachineEntry {
  /** File-name stem: lower-case letters, digits and dashes (`resource`, `fence-device`). */
  name: string;
  /** One line for the README. */
  description: string;
  machine: AnyStateMachine;
}

/** The generated files, keyed by name inside visualizations/, README.md last. */
export async function renderAll(machines: readonly MachineEntry[]): Promise<Map<string, string>> {
  checkEntries(machines);
  const files = new Map<string, string>();
  for (const entry of machines) {
    const graph = machineToGraph(entry.machine);
    files.set(`${entry.name}.svg`, layoutToSvg(await layoutGraph(graph)));
    files.set(`${entry.name}.mmd`, graphToMermaid(graph));
  }
  files.set('README.md', readme(machines));
  return files;
}

/** Whether a file in visualizations/ is one that renderAll owns (so a stale one may be deleted). */
export function isGeneratedFileName(name: string): boolean {
  return name === 'README.md' || /\.(svg|mmd)$/.test(name);
}

function checkEntries(machines: readonly MachineEntry[]): void {
  const seen = new Set<string>();
  for (const [i, m] of machines.entries()) {
    const where = `src/machines/index.ts: MACHINES[${i}]`;
    if (!/^[a-z][a-z0-9-]*$/.test(m.name)) {
      throw new Error(`${where}.name '${m.name}' must be lower-case letters, digits and dashes (it names visualizations/${m.name}.svg); rename it`);
    }
    if (seen.has(m.name)) throw new Error(`${where}.name '${m.name}' is used twice; give each machine its own name`);
    seen.add(m.name);
    if (m.description.trim() === '' || m.description.includes('\n')) {
      throw new Error(`${where}.description must be one non-empty line (it is the machine's line in visualizations/README.md)`);
    }
  }
}

function readme(machines: readonly MachineEntry[]): string {
  const out = [
    '# Statechart diagrams',
    '',
    'Generated from the machine definitions in `src/machines/` by `npm run visualize`: do not edit by hand.',
    '`npm run visualize -- --check` and `test/visualizations/stale.test.ts` fail when these files are out of date.',
    'The status page (`vigil daemon --http HOST:PORT`) draws these same SVGs with each actor\'s current state highlighted.',
    '',
    '## How to read them',
    '',
    '- A rounded box is a state; a box holding boxes is a compound state, with a black dot marking its initial state.',
    '  A parallel state is marked `‖` and its regions are dashed; a double border is a final state; `H`/`H*` is a history state.',
    '- Under a state\'s name: its entry and exit actions, the actors it invokes, and its transitions that do not leave it.',
    '- An arrow is a transition, labelled `EVENT [guard]` with `/ actions` below. All transitions between the same',
    '  two states share one arrow, one label line each, in the order XState tries them.',
    '- Colours: black for events, blue for `after` (delayed), dashed purple for `always` (eventless),',
    '  green for an invoked actor\'s `done`, red for its `error`.',
    '',
  ];
  for (const m of machines) {
    out.push(`## ${m.name}`, '', m.description, '', `[![${m.name} statechart](${m.name}.svg)](${m.name}.svg)`, '');
    out.push(`Mermaid source: [${m.name}.mmd](${m.name}.mmd)`, '');
  }
  return out.join('\n');
}
