// The demo's "things to try" footer: real commands with this run's pids and paths, so each
// line can be pasted into a second terminal as it is.
import { isAbsolute, join, relative } from 'node:path';
import { DEMO_CONFIG_PATH } from '../cli/config-path.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import { pageUrl, type DemoLayout } from './layout.ts';

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
  const lines = [...statusPageLines(layout, view), 'Try, in another terminal in this folder:'];
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

/** Where the daemons' status pages are (any one shows the whole cluster), when their ports are known. */
function statusPageLines(layout: DemoLayout, view: ClusterView | undefined): string[] {
  const pages = layout.nodes.flatMap((n) => {
    const url = pageUrl(n);
    return url === undefined ? [] : [{ name: n.name, url, inspect: n.inspect === true }];
  });
  const [first, ...others] = pages;
  if (first === undefined) return [];
  const also = others.length ? `; also ${others.map((p) => `${p.url} (${p.name})`).join(', ')}` : '';
  const lines = [`Status page: ${first.url} (${first.name}'s daemon${also})`];
  // Only the daemon that hosts the coordinator has actors to inspect.
  const inspected = pages.find((p) => p.inspect && p.name === view?.coordinator) ?? pages.find((p) => p.inspect);
  if (inspected) {
    const whose = inspected.name === view?.coordinator ? `${inspected.name} hosts the coordinator` : 'use the coordinator\'s daemon';
    lines.push(`Stately inspector: ${inspected.url}/inspect (${whose}; the inspector's UI needs the internet)`);
  }
  return lines;
}
