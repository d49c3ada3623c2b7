// The answer to attribute.query from a cluster document: the value as `text`, or no text when
// the attribute is not set (the tools print Pacemaker's "No such device or address" for that).
import type { AdminCommand } from '../config/admin-command.ts';
import type { ClusterDocument } from '../config/model.ts';
import type { AdminResult } from '../daemon/control-types.ts';
import { attributeProblem, readAttribute } from './node-attributes.ts';

export type AttributeQuery = Extract<AdminCommand, { type: 'attribute.query' }>;

export function answerAttributeQuery(doc: ClusterDocument, query: AttributeQuery): AdminResult {
  const problem = attributeProblem(doc.config, query);
  if (problem !== undefined) return { ok: false, error: problem };
  const value = readAttribute(doc, query);
  const where = query.section === 'crm_config' ? 'crm_config' : `${query.node} (${query.section})`;
  return value === undefined ? { ok: true, message: `${query.name} is not set on ${where}` } : { ok: true, message: `${query.name}=${value} on ${where}`, text: value };
}
