// The command table: one line per command, each in its own file. A command's module (and the
// heavy libraries it needs: YAML, XML, WebSockets, the inspector) is loaded only when that
// command runs, so `vigil --help` and `vigil validate` start as fast as Node itself allows.
import type { Command } from '../main.ts';

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  import: { summary: 'convert a Pacemaker CIB (XML) into vigil YAML', load: async () => (await import('./import.ts')).importCommand },
  validate: { summary: 'check a configuration file (vigil YAML or Pacemaker CIB XML)', load: async () => (await import('./validate.ts')).validateCommand },
  simulate: { summary: 'show what the scheduler would do for a config + status (YAML or CIB XML)', load: async () => (await import('./simulate.ts')).simulateCommand },
  run: { summary: 'run the resources of one node (the one-node runtime)', load: async () => (await import('./run.ts')).runCommand },
  keygen: { summary: 'create a cluster key file (shared secret for the node mesh)', load: async () => (await import('./keygen.ts')).keygenCommand },
  status: { summary: 'show the cluster: nodes, resources, failures, fencing (--json, --watch)', load: async () => (await import('./status.ts')).statusCommand },
  resource: { summary: 'move, ban, clear, clean up, start or stop a resource', load: async () => (await import('./resource.ts')).resourceCommand },
  node: { summary: 'put a node in standby or maintenance, or back online; its attributes', load: async () => (await import('./node.ts')).nodeCommand },
  fence: { summary: 'fence a node, confirm a node is down, or show fencing history', load: async () => (await import('./fence.ts')).fenceCommand },
  config: { summary: 'show the cluster config, or apply a new one', load: async () => (await import('./config.ts')).configCommand },
  demo: { summary: 'run a three-node demo cluster on this machine (npm start)', load: async () => (await import('./demo.ts')).demoCommand },
  daemon: { summary: 'run this node\'s daemon (or `daemon stop`)', load: async () => (await import('./daemon.ts')).daemonCommand },
};
