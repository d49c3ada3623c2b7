// What `validate` says about unfencing (scheduler/unfencing.ts): meta that has no effect where it
// is written, unfencing asked for with fencing off, and nodes no device can unfence (what
// requires unfencing would never run there). Warnings: Pacemaker accepts these configs too.
import type { ClusterConfig, Meta, Resource } from './model.ts';
import { indexResources } from '../scheduler/resources.ts';
import { providesUnfencing, unfencingEnabled } from '../scheduler/unfencing.ts';
import { unfencerInputFor } from '../machines/coordinator-inputs.ts';

/** Fence agents that fence by storage access, whose `on` unfences (their metadata marks it automatic, on the target). */
const STORAGE_AGENTS: ReadonlySet<string> = new Set(['fence_scsi', 'fence_mpath']);

const metaOf = (meta: Meta, key: string): string | undefined => meta[key] ?? meta[key.replaceAll('-', '_')];

/** Every resource, with what kind of thing it is, in configuration order. */
function everyResource(resources: readonly Resource[]): Resource[] {
  return resources.flatMap((r) => [r, ...(r.kind === 'group' ? r.children : r.kind === 'clone' ? everyResource([r.child]) : [])]);
}

export function unfencingNotices(config: ClusterConfig): string[] {
  const notices: string[] = [];
  let asked = false;
  for (const r of everyResource(config.resources)) {
    const provides = metaOf(r.meta, 'provides');
    const requires = metaOf(r.meta, 'requires');
    const device = r.kind === 'primitive' && r.class === 'stonith';
    if (provides !== undefined && !device) {
      notices.push(`resource '${r.id}' has meta provides=${provides}, which only a fence device's meta means: it has no effect here — put provides: unfencing in the meta of the fence device that unfences nodes (fence_scsi, fence_mpath)`);
    } else if (provides !== undefined && !providesUnfencing(r.meta)) {
      notices.push(`fence device '${r.id}' has meta provides=${provides}; vigil knows only provides=unfencing, so it is ignored`);
    }
    if (device && provides === undefined && STORAGE_AGENTS.has(r.type)) {
      notices.push(`fence device '${r.id}' (${r.type}) cuts nodes off the storage, and only unfencing lets them back (its on action): without meta provides=unfencing no node is ever let in — add meta: { provides: unfencing } (pcs adds it for ${r.type})`);
    }
    if (device && (requires === 'unfencing' || requires === 'fencing')) {
      notices.push(`fence device '${r.id}' has meta requires=${requires}, but a fence device never waits for fencing or unfencing: it requires quorum`);
    }
    asked ||= (device && providesUnfencing(r.meta)) || (!device && requires === 'unfencing');
  }
  asked ||= metaOf(config.resourceDefaults, 'requires') === 'unfencing';
  if (asked && !config.options.fencingEnabled) {
    notices.push('unfencing is asked for (provides=unfencing or requires=unfencing) but fencing is disabled: no node is unfenced, and resources require quorum only — enable fencing (fencing-enabled: true) to use unfencing');
  }
  if (unfencingEnabled(config)) {
    const index = indexResources(config);
    for (const n of config.nodes) {
      if (unfencerInputFor(config, index, n.name, 'validate').levels.length > 0) continue;
      notices.push(`node ${n.name}: no fence device can unfence it (none lists it in pcmk_host_list or pcmk_host_map, nor does its fencing topology): what requires unfencing never runs there — add a device that provides unfencing for ${n.name}, or set requires: fencing on the resources that need no unfencing`);
    }
  }
  return notices;
}
