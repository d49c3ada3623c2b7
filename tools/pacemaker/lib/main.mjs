// vigil's Pacemaker tools by name; run.mjs runs one for tools/pacemaker/bin/TOOL, the tests
// call runTool with their own io.

const TOOLS = {
  crm_attribute: async () => (await import('./crm_attribute.mjs')).crmAttribute,
  crm_master: async () => (await import('./crm_master.mjs')).crmMaster,
  attrd_updater: async () => (await import('./attrd_updater.mjs')).attrdUpdater,
  crm_node: async () => (await import('./crm_node.mjs')).crmNode,
  crm_resource: async () => (await import('./crm_resource.mjs')).crmResource,
  crm_mon: async () => (await import('./crm_mon.mjs')).crmMon,
  cibadmin: async () => (await import('./cibadmin.mjs')).cibadmin,
};

export const TOOL_NAMES = Object.keys(TOOLS);

/** Runs one tool; returns its exit code. */
export async function runTool(name, argv, io) {
  const load = TOOLS[name];
  if (load === undefined) {
    io.err(`vigil: no Pacemaker tool '${name}' (known: ${TOOL_NAMES.join(', ')})`);
    return 64;
  }
  return (await load())(argv, io);
}
