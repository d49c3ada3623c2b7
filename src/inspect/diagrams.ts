// The statecharts the status page draws: visualizations/NAME.svg, which `npm run visualize`
// renders from the machine definitions with diagram/ (and `--check` keeps in sync). Read from
// disk, never laid out here: ELK takes seconds of CPU for the larger machines, and a daemon
// whose event loop stalls that long misses its heartbeats and gets fenced. The page highlights
// active states itself, by the `data-id` of each state's group.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MACHINES } from '../machines/index.ts';

export const VISUALIZATIONS_DIR = join(import.meta.dirname, '..', '..', 'visualizations');

const cache = new Map<string, Promise<string>>();

/** Every machine the page can draw, with its one line from MACHINES. */
export function machineList(): { name: string; description: string }[] {
  return MACHINES.map((m) => ({ name: m.name, description: m.description }));
}

/** The machine's SVG, unhighlighted; undefined for a name MACHINES does not have. */
export function machineSvg(name: string, dir = VISUALIZATIONS_DIR): Promise<string> | undefined {
  if (!MACHINES.some((m) => m.name === name)) return undefined;
  const key = join(dir, `${name}.svg`);
  let svg = cache.get(key);
  if (!svg) {
    svg = readFile(key, 'utf8').catch((error: NodeJS.ErrnoException) => {
      cache.delete(key); // tried again on the next request
      throw new Error(`${key}: ${error.code === 'ENOENT' ? 'missing; run npm run visualize' : error.message}`);
    });
    cache.set(key, svg);
  }
  return svg;
}
