// Pacemaker CIB XML → ClusterDocument. The entry point of the CIB reader; each section has
// its own file. Unsupported elements become warnings; malformed XML and missing required
// attributes are CibErrors naming the file, the element and the fix.
import type { ClusterDocument, Generation } from '../model.ts';
import { readAlerts } from './alerts.ts';
import { readConstraints } from './constraints.ts';
import { fail, warn, type ReadContext } from './context.ts';
import { CibError } from './errors.ts';
import { foldConditionalDefaults, readDefaults } from './defaults.ts';
import { readFencingTopology, readNodes } from './nodes.ts';
import { readOptions } from './options.ts';
import { buildReferenceIndex } from './references.ts';
import { readResources } from './resources.ts';
import { readStatus } from './status.ts';
import { parseBoolean, parseDateSeconds } from './values.ts';
import { describe, firstChild, indexIds, parseXml, type XmlElement } from './xml.ts';
import { checkDuplicateIds, warnUnmodelled } from './checks.ts';

export interface CibReadOptions {
  /** Seconds since the epoch to evaluate date rules at (crm_simulate's -t); overrides execution-date. */
  nowSeconds?: number;
}

export interface CibReadResult {
  doc: ClusterDocument;
  warnings: string[];
  /** What vigil cannot run safely (see ReadContext.problems): `validate` refuses the CIB. */
  problems: string[];
}

const CONFIG_SECTIONS = new Set(['crm_config', 'nodes', 'resources', 'constraints', 'rsc_defaults', 'op_defaults', 'fencing-topology', 'tags', 'alerts']);
/** Sections vigil reads nothing from, and what it does instead. */
const IGNORED_SECTIONS = new Map([
  ['acls', 'vigil has no access control lists; ignored'],
]);

function readGeneration(ctx: ReadContext, cib: XmlElement): Generation {
  const num = (name: string): number => {
    const text = cib.attrs[name] ?? '0';
    const n = Number.parseInt(text, 10);
    if (!Number.isInteger(n) || n < 0) fail(ctx, cib, `${name}="${text}" is not a non-negative integer`, `set ${name} to 0 or more`);
    return n;
  };
  return { adminEpoch: num('admin_epoch'), epoch: num('epoch'), updates: num('num_updates') };
}

function dateValue(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : parseDateSeconds(text);
}

/** crm_simulate's execution-date: an attribute of <cib>, or an nvpair in the status section. */
function executionDate(cib: XmlElement, status: XmlElement | undefined): number | undefined {
  const attr = cib.attrs['execution-date'];
  if (attr !== undefined) return dateValue(attr);
  const stack = status ? [status] : [];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.name === 'nvpair' && el.attrs.name === 'execution-date') {
      return dateValue(el.attrs.value ?? '');
    }
    stack.push(...el.children);
  }
  return undefined;
}

function makeContext(file: string, cib: XmlElement, configuration: XmlElement, status: XmlElement | undefined, opts: CibReadOptions): ReadContext {
  const pinned = opts.nowSeconds ?? executionDate(cib, status);
  return {
    file,
    ids: indexIds(configuration),
    warnings: [],
    problems: [],
    nowSeconds: pinned ?? Math.floor(Date.now() / 1000),
    nowPinned: pinned !== undefined,
  };
}

/** Reads a CIB and returns the document together with what could not be represented. */
export function readCibWithWarnings(xml: string, file: string, opts: CibReadOptions = {}): CibReadResult {
  const cib = parseXml(xml, file);
  if (cib.name !== 'cib') throw new CibError(file, describe(cib), 'the root element is not <cib>', 'give a Pacemaker CIB (cibadmin -Q output)');
  const configuration = firstChild(cib, 'configuration');
  if (!configuration) throw new CibError(file, describe(cib), 'has no <configuration>', 'add a <configuration> section');
  const statusEl = firstChild(cib, 'status');
  const ctx = makeContext(file, cib, configuration, statusEl, opts);
  for (const section of configuration.children) {
    const ignored = IGNORED_SECTIONS.get(section.name);
    if (ignored !== undefined) warn(ctx, `${file}: <${section.name}>: ${ignored}`);
    else if (!CONFIG_SECTIONS.has(section.name)) warn(ctx, `${file}: ${describe(section)} in <configuration> is not supported; ignored`);
  }
  checkDuplicateIds(ctx, configuration);
  warnUnmodelled(ctx, configuration);
  const options = readOptions(ctx, firstChild(configuration, 'crm_config'));
  const nodes = readNodes(ctx, firstChild(configuration, 'nodes'));
  const { resources, index } = readResources(ctx, firstChild(configuration, 'resources'));
  const defaults = readDefaults(ctx, configuration);
  foldConditionalDefaults(ctx, configuration, resources, defaults);
  const refs = buildReferenceIndex(ctx, resources, index, configuration);
  const constraints = readConstraints(ctx, refs, firstChild(configuration, 'constraints'));
  const fencingLevels = readFencingTopology(ctx, firstChild(configuration, 'fencing-topology'), nodes);
  const status = readStatus(ctx, statusEl, nodes, options);
  const alerts = readAlerts(ctx, firstChild(configuration, 'alerts'));
  const doc: ClusterDocument = {
    config: { generation: readGeneration(ctx, cib), options, nodes, ...defaults, resources, constraints, fencingLevels },
    status: {
      nodes: status.nodes, history: status.history, ...(status.failCounts.length > 0 ? { failCounts: status.failCounts } : {}),
      quorum: parseBoolean(cib.attrs['have-quorum'] ?? 'false') ?? false,
    },
  };
  const dc = cib.attrs['dc-uuid'];
  if (alerts.length > 0) doc.config.alerts = alerts;
  if (dc !== undefined) {
    const coordinator = nodes.find((n) => n.id === dc)?.name ?? status.nodes.find((n) => n.name === dc)?.name;
    if (coordinator !== undefined) doc.status.coordinator = coordinator;
  }
  if (parseBoolean(cib.attrs['no-quorum-panic'] ?? 'false') === true) doc.status.quorumLost = true;
  if (ctx.nowPinned) doc.status.now = ctx.nowSeconds;
  return { doc, warnings: ctx.warnings, problems: ctx.problems };
}

/** Reads a CIB; warnings are dropped (use readCibWithWarnings to see them). */
export function readCib(xml: string, file: string): ClusterDocument {
  return readCibWithWarnings(xml, file).doc;
}
