// vigil's YAML configuration format → ClusterDocument. Reads the whole file, collects every
// problem (syntax, shape, values, cross-references), and either returns a complete document
// or throws one ConfigError listing them all: a config is never applied half-read.
import { LineCounter, parseDocument } from 'yaml';
import { emptyConfig } from '../defaults.ts';
import { ConfigError } from '../errors.ts';
import type { ClusterConfig, ClusterDocument, Generation } from '../model.ts';
import { checkNodeAddresses, checkTwoNode, readCluster } from './cluster.ts';
import { checkReferences } from './references.ts';
import { readConstraints } from './constraints.ts';
import { readFencingLevels } from './fencing-levels.ts';
import { readAlerts } from './alerts.ts';
import { checkFencing } from './fence-devices.ts';
import { OPERATION_META, RESOURCE_META, readMeta } from './meta.ts';
import { readNodes } from './nodes.ts';
import { readOptions } from './options.ts';
import { readMap, type Fields, type Reader } from './reader.ts';
import { readResources } from './resources.ts';
import { readStatus } from './status.ts';
import { readInteger } from './values.ts';

export const TOP_LEVEL_KEYS = [
  'generation', 'cluster', 'options', 'nodes', 'resource-defaults', 'operation-defaults',
  'resources', 'constraints', 'fencing-levels', 'alerts', 'status',
] as const;

/** Parse vigil YAML. Throws ConfigError with every problem found; never returns a partial document. */
export function loadYamlConfig(text: string, file: string): ClusterDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const r: Reader = { file, lines, doc, problems: [], origins: new WeakMap() };
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    r.problems.push({
      file, line: pos.line, column: pos.col, path: '',
      message: `not valid YAML: ${error.message.split('\n')[0] ?? error.code}`,
      fix: 'correct the YAML syntax at this place (indentation, quotes, colons)',
    });
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  const root = { node: doc.contents, path: '', name: 'document' };
  const fields = doc.contents === null ? new Map() as Fields
    : readMap(r, root, { keys: TOP_LEVEL_KEYS, aliases: { 'rsc-defaults': 'resource-defaults', 'op-defaults': 'operation-defaults' } }, 'a vigil configuration');
  const config = readConfig(r, fields ?? new Map());
  const status = readStatus(r, fields?.get('status'), config);
  checkReferences(r, config);
  checkNodeAddresses(r, config);
  checkTwoNode(r, config);
  checkFencing(r, config);
  if (r.problems.length > 0) throw new ConfigError(sortProblems(r.problems));
  return { config, status };
}

function readConfig(r: Reader, fields: Fields): ClusterConfig {
  const config = emptyConfig();
  config.generation = readGeneration(r, fields);
  const cluster = readCluster(r, fields.get('cluster'));
  if (cluster !== undefined) config.cluster = cluster;
  config.options = readOptions(r, fields.get('options'));
  config.nodes = readNodes(r, fields.get('nodes'));
  const rscDefaults = fields.get('resource-defaults');
  if (rscDefaults !== undefined) config.resourceDefaults = readMeta(r, rscDefaults, RESOURCE_META);
  const opDefaults = fields.get('operation-defaults');
  if (opDefaults !== undefined) config.operationDefaults = readMeta(r, opDefaults, OPERATION_META);
  config.resources = readResources(r, fields.get('resources'));
  config.constraints = readConstraints(r, fields.get('constraints'));
  config.fencingLevels = readFencingLevels(r, fields.get('fencing-levels'));
  const alerts = readAlerts(r, fields.get('alerts'));
  if (alerts !== undefined && alerts.length > 0) config.alerts = alerts;
  return config;
}

function readGeneration(r: Reader, fields: Fields): Generation {
  const generation: Generation = { adminEpoch: 0, epoch: 0, updates: 0 };
  const field = fields.get('generation');
  if (field === undefined) return generation;
  const parts = readMap(r, field, { keys: ['admin-epoch', 'epoch', 'updates'] }, 'a generation');
  const names = { 'admin-epoch': 'adminEpoch', epoch: 'epoch', updates: 'updates' } as const;
  for (const [key, value] of parts ?? []) {
    const name = names[key as keyof typeof names];
    generation[name] = readInteger(r, value, 0, '1') ?? 0;
  }
  return generation;
}

/** Problems in file order (those without a position first), so the output reads top to bottom. */
function sortProblems(problems: Reader['problems']): Reader['problems'] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || (a.problem.column ?? 0) - (b.problem.column ?? 0) || a.index - b.index)
    .map((entry) => entry.problem);
}
