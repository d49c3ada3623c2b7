// What validate says about unfencing: a wrong value is refused where it is written; meta that
// has no effect where it stands, unfencing with fencing off, and a node no device can unfence
// are warned about, each naming the resource or node and what to do.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { checkModel } from '../../src/config/model-checks.ts';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';

function cluster(resources: string, options = 'fencing-enabled: true'): string {
  return `
options: { ${options} }
nodes:
  - { name: node1 }
  - { name: node2 }
resources:
${resources}
`;
}

const SCSI = `
  - fence-device: scsi
    agent: fence_scsi
    params: { devices: /dev/sdb, pcmk_host_list: node1 }
    meta: { provides: unfencing }`;

function notices(text: string): string[] {
  return checkModel(loadYamlConfig(text, 'u.yaml').config).notices;
}

describe('unfencing in a config', () => {
  it('should refuse a provides value other than unfencing, with the fix', () => {
    let problems: string[] = [];
    try {
      loadYamlConfig(cluster(SCSI.replace('provides: unfencing', 'provides: unfence')), 'u.yaml');
    } catch (error) {
      problems = (error as ConfigError).problems.map((p) => `${p.path}: ${p.message} — fix: ${p.fix}`);
    }
    expect(problems).toEqual(['resources[0].meta.provides: expected one of unfencing, found "unfence" — fix: write provides: unfencing']);
  });

  it('should carry provides and requires into the model', () => {
    const config = loadYamlConfig(cluster(`${SCSI}
  - primitive: db
    agent: ocf:heartbeat:Dummy
    meta: { requires: unfencing }`), 'u.yaml').config;
    expect(config.resources.map((r) => r.meta)).toEqual([{ provides: 'unfencing' }, { requires: 'unfencing' }]);
  });

  it('should warn of a node no device can unfence', () => {
    expect(notices(cluster(SCSI))).toEqual([
      'node node2: no fence device can unfence it (none lists it in pcmk_host_list or pcmk_host_map, nor does its fencing topology): what requires unfencing never runs there — add a device that provides unfencing for node2, or set requires: fencing on the resources that need no unfencing',
    ]);
    expect(notices(cluster(SCSI.replace('pcmk_host_list: node1', 'pcmk_host_list: "node1 node2"')))).toEqual([]);
  });

  it('should warn of meta that has no effect where it is written', () => {
    expect(notices(cluster(`
  - fence-device: scsi
    agent: fence_scsi
    meta: { provides: unfencing, requires: unfencing }
  - primitive: db
    agent: ocf:heartbeat:Dummy
    meta: { provides: unfencing }`))).toEqual([
      "fence device 'scsi' has meta requires=unfencing, but a fence device never waits for fencing or unfencing: it requires quorum",
      "resource 'db' has meta provides=unfencing, which only a fence device's meta means: it has no effect here — put provides: unfencing in the meta of the fence device that unfences nodes (fence_scsi, fence_mpath)",
    ]);
  });

  it('should warn of a storage fence device that does not provide unfencing', () => {
    expect(notices(cluster(SCSI.replace('meta: { provides: unfencing }', 'meta: {}')))).toEqual([
      "fence device 'scsi' (fence_scsi) cuts nodes off the storage, and only unfencing lets them back (its on action): without meta provides=unfencing no node is ever let in — add meta: { provides: unfencing } (pcs adds it for fence_scsi)",
    ]);
  });

  it('should warn that unfencing needs fencing enabled', () => {
    expect(notices(cluster(SCSI, 'fencing-enabled: false'))).toEqual([
      'unfencing is asked for (provides=unfencing or requires=unfencing) but fencing is disabled: no node is unfenced, and resources require quorum only — enable fencing (fencing-enabled: true) to use unfencing',
    ]);
  });
});
