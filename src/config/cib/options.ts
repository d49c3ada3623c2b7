// <crm_config> → ClusterOptions. Known properties become typed fields; every other one is
// kept raw in `other` so nothing read is lost.
import { defaultOptions } from '../defaults.ts';
import type { ClusterOptions, FenceAction, NoQuorumPolicy } from '../model.ts';
import { warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { parseBoolean, parseScore } from './values.ts';
import type { XmlElement } from './xml.ts';

const NO_QUORUM_POLICIES: readonly NoQuorumPolicy[] = ['stop', 'ignore', 'freeze', 'demote', 'suicide'];

type Setter = (o: ClusterOptions, value: string) => boolean;

function booleanSetter(field: 'fencingEnabled' | 'symmetricCluster' | 'startFailureIsFatal' | 'maintenanceMode' | 'stopAllResources'): Setter {
  return (o, value) => {
    const b = parseBoolean(value);
    if (b === undefined) return false;
    o[field] = b;
    return true;
  };
}

const SETTERS: Record<string, Setter> = {
  'stonith-enabled': booleanSetter('fencingEnabled'),
  'symmetric-cluster': booleanSetter('symmetricCluster'),
  'start-failure-is-fatal': booleanSetter('startFailureIsFatal'),
  'maintenance-mode': booleanSetter('maintenanceMode'),
  'stop-all-resources': booleanSetter('stopAllResources'),
  'stonith-action': (o, value) => {
    // 'poweroff' is Pacemaker's deprecated spelling of 'off'.
    const action = value === 'poweroff' ? 'off' : value;
    if (action !== 'reboot' && action !== 'off') return false;
    o.fencingAction = action as FenceAction;
    return true;
  },
  'no-quorum-policy': (o, value) => {
    if (!(NO_QUORUM_POLICIES as readonly string[]).includes(value)) return false;
    o.noQuorumPolicy = value as NoQuorumPolicy;
    return true;
  },
  'default-resource-stickiness': (o, value) => {
    const score = parseScore(value);
    if (score === undefined) return false;
    o.defaultResourceStickiness = score;
    return true;
  },
};

export function readOptions(ctx: ReadContext, crmConfig: XmlElement | undefined): ClusterOptions {
  const options = defaultOptions();
  const raw = readNvSets(ctx, crmConfig, 'cluster_property_set', {}, {
    firstSetId: 'cib-bootstrap-options',
    onUnknown: (id) => warn(ctx, `${ctx.file}: cluster_property_set '${id}' has a rule that needs a node or resource; ignored`),
  });
  for (const [name, value] of Object.entries(raw)) {
    const set = SETTERS[name];
    if (!set) {
      options.other[name] = value;
    } else if (!set(options, value)) {
      // Pacemaker falls back to the default for an invalid value; so do we, loudly.
      warn(ctx, `${ctx.file}: cluster property ${name}="${value}" is not valid; using the default`);
      options.other[name] = value;
    }
  }
  return options;
}
