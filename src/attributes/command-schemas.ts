// The wire schemas of the attribute commands (admin-command.ts), shared by the control channel
// (control-server.ts) and the mesh (protocol-kinds.ts), which both check every command exactly.
import { literal, object, string, type Schema } from '../transport/schema.ts';
import { ATTRIBUTE_NAME_LENGTH_MAX, ATTRIBUTE_SECTIONS, ATTRIBUTE_VALUE_LENGTH_MAX } from './types.ts';

const section: Schema<string> = {
  check: (value, path) => (typeof value === 'string' && (ATTRIBUTE_SECTIONS as readonly string[]).includes(value)
    ? undefined : `${path}: expected one of ${ATTRIBUTE_SECTIONS.join(', ')}`),
};
const name = string({ minLength: 1, maxLength: ATTRIBUTE_NAME_LENGTH_MAX });
const valueText = string({ maxLength: ATTRIBUTE_VALUE_LENGTH_MAX });
const value: Schema<string | null> = { check: (v, path) => (v === null ? undefined : valueText.check(v, path)) };

/** attribute.update and attribute.query, each with exactly its fields; `node` is bounded by the caller's node-name schema. */
export function attributeCommandSchemas(node: Schema<string>): { 'attribute.update': Schema<unknown>; 'attribute.query': Schema<unknown> } {
  return {
    'attribute.update': object({ type: literal('attribute.update'), section, node, name, value }, ['node']),
    'attribute.query': object({ type: literal('attribute.query'), section, node, name }, ['node']),
  };
}
