// Node attributes and the cluster-wide values agents keep, named the way Pacemaker's CIB
// sections name them (crm_attribute prints the section as `scope=`):
//   status      transient node attributes (lifetime reboot): gone when the node leaves or is fenced
//   nodes       permanent node attributes (lifetime forever): in the config, per node
//   crm_config  cluster-wide values (crm_attribute --type crm_config), kept in the config's options
// Plain JSON: these travel over the control channel, the agent channel and the mesh.

export type AttributeSection = 'status' | 'nodes' | 'crm_config';

export const ATTRIBUTE_SECTIONS: readonly AttributeSection[] = ['status', 'nodes', 'crm_config'];

/** Pacemaker's lifetime names for the two node sections. */
export type AttributeLifetime = 'reboot' | 'forever';

export const SECTION_OF_LIFETIME: Readonly<Record<AttributeLifetime, AttributeSection>> = { reboot: 'status', forever: 'nodes' };

/** Which attribute: a node attribute needs its node; a crm_config value has none. */
export interface AttributeTarget {
  section: AttributeSection;
  node?: string;
  name: string;
}

/** One attribute of a node, as `vigil status` shows it. */
export interface NodeAttributeView {
  name: string;
  value: string;
  lifetime: AttributeLifetime;
}

/** Longest attribute name and value accepted (a promotion score, a replication position...). */
export const ATTRIBUTE_NAME_LENGTH_MAX = 256;
export const ATTRIBUTE_VALUE_LENGTH_MAX = 4096;
