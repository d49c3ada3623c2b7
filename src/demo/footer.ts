// The demo's "things to try" footer: real commands with this run's pids and paths, so each
// line can be pasted into a second terminal as it is.
import { isAbsolute, join, relative } from 'node:path';
import { DEMO_CONFIG_PATH } from '../cli/config-path.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { DemoLayout } from './layout.ts';

export interface FooterInput {
  layout: DemoLayout;
  /** Paths under cwd are shown relative to it. */
  cwd: string;
  pid: (node: string) => number | undefined;
  view?: ClusterView;
  /** An ocf:heartbeat:Dummy resource whose state file the hint deletes. */
  stateResource?: string;
}

/** How a path reads in a hint: relative when under cwd. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function demoFooter(input: FooterInput): string {
  const { layout, view } = input;
  const resource = input.stateResource ?? 'web';
  const victim = layout.nodes[1] ?? layout.nodes[0];
  const pid = victim === undefined ? undefined : input.pid(victim.name);
  const runsOn = view?.resources.find((r) => r.id === resource)?.node ?? null;
  const stateNode = layout.nodes.find((n) => n.name === runsOn) ?? layout.nodes[0];
  // vigil finds the demo's config by itself only in its default place.
  const found = layout.configFile === join(input.cwd, DEMO_CONFIG_PATH);
  const config = found ? '' : ` --config ${shownPath(layout.configFile, input.cwd)}`;
  const lines = ['Try, in another terminal in this folder:'];
  const row = (command: string, what: string): void => { lines.push(`  ${command.padEnd(52)} ${what}`); };
  row(`npx vigil status${config}`, 'the same view (--json for scripts)');
  if (victim !== undefined) {
    row(`kill -9 ${pid ?? `<pid of ${victim.name}'s daemon>`}`, `${victim.name}'s daemon dies: it is fenced, its resources move; back in 5 s`);
  }
  if (stateNode !== undefined) {
    row(`rm ${shownPath(`${stateNode.rsctmpDir}/Dummy-${resource}.state`, input.cwd)}`, `${resource} fails its monitor${runsOn === null ? '' : ` on ${runsOn}`} and is recovered`);
  }
  const target = layout.nodes[layout.nodes.length - 1]?.name ?? 'node3';
  row(`npx vigil resource move app ${target}${config}`, 'move the group app (undo: resource clear app)');
  row(`npx vigil fence confirm ${victim?.name ?? 'node2'}${config}`, 'an administrator\'s word that a node is down');
  lines.push(`Logs: ${shownPath(layout.dir, input.cwd)}/NODE.log (JSON lines). Ctrl-C stops the cluster.`);
  return lines.join('\n');
}
