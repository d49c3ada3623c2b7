// Fencing settings are checked when a config is read (what validate accepts, the devices can
// run), and a two-node pair left to a fence race is warned about.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.ts';
import { fencingWarnings } from '../../../src/config/yaml/fence-devices.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';

function pair(device1Params: string, options = ''): string {
  return `
cluster: { name: p, key-file: k, two-node: true }
options: { fencing-enabled: true${options} }
nodes:
  - { name: node1, address: "127.0.0.1:8290" }
  - { name: node2, address: "127.0.0.1:8292" }
resources:
  - fence-device: fence-node1
    agent: fence_dummy
    params: { pcmk_host_list: node1${device1Params} }
  - fence-device: fence-node2
    agent: fence_dummy
    params: { pcmk_host_list: node2 }
`;
}

function problems(text: string): string[] {
  try {
    loadYamlConfig(text, 'pair.yaml');
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message} — fix: ${p.fix}`);
  }
}

describe('fencing settings in a config', () => {
  it('should refuse bad device delays and limits, naming the device, the parameter and the fix', () => {
    expect(problems(pair(', pcmk_delay_base: "node1:5x", pcmk_action_limit: "0"'))).toEqual([
      'resources[0].params.pcmk_action_limit: fence device fence-node1: pcmk_action_limit=0 would never fence — fix: use 1 or more, or -1 for no limit',
      'resources[0].params.pcmk_delay_base: fence device fence-node1: pcmk_delay_base (for node1)="5x" is not a duration from 0 to 1h (e.g. 5s, 500ms) — fix: give pcmk_delay_base a valid value (see docs/config.md, fencing), or remove it',
    ]);
    expect(problems(pair('', ', priority-fencing-delay: soon'))[0]).toMatch(/^options.priority-fencing-delay: .*"soon" is not a duration.* — fix: write a duration such as 15s/);
  });

  it('should warn about a two-node pair fenced after equal delays, naming the race', () => {
    const plain = loadYamlConfig(pair(''), 'pair.yaml').config;
    expect(fencingWarnings(plain)).toHaveLength(1);
    expect(fencingWarnings(plain)[0]).toMatch(/two-node fence race: node1 and node2 are both fenced after the same delay \(0 s\).*both lose power; set pcmk_delay_base/);
    const bothFive = loadYamlConfig(pair(', pcmk_delay_base: 5s').replace('params: { pcmk_host_list: node2 }', 'params: { pcmk_host_list: node2, pcmk_delay_base: 5s }'), 'pair.yaml').config;
    expect(fencingWarnings(bothFive)).toHaveLength(1);
  });

  it('should not warn when one device waits longer, delays are random, or priority-fencing-delay is set', () => {
    for (const text of [pair(', pcmk_delay_base: 5s'), pair(', pcmk_delay_max: 10s'), pair('', ', priority-fencing-delay: 10s')]) {
      expect(fencingWarnings(loadYamlConfig(text, 'pair.yaml').config)).toEqual([]);
    }
  });
});
