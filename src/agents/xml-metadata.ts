// The XML reading shared by OCF meta-data and fence-agent metadata: one parser setup, the
// node helpers, the short-description choice and the <resource-agent> root. Pure: no I/O.
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';

// fast-xml-parser's CommonJS build is one file; its ES module build is ~50 (0.1 s to load).
const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;

export type XmlNode = Record<string, unknown>;

/** Tags that may repeat, so they always parse as arrays. */
const ARRAY_TAGS = new Set(['parameter', 'action', 'shortdesc']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

export function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

export function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(asNode) : value === undefined ? [] : [asNode(value)];
}

export function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** The English (or first) <shortdesc> child; an element without attributes parses as a string. */
export function shortdescChild(node: XmlNode): string | undefined {
  const raw = node['shortdesc'];
  const descs = (Array.isArray(raw) ? raw : []).map((d: unknown) =>
    typeof d === 'string' ? { text: d, lang: 'en' } : { text: asNode(d)['#text'], lang: attr(asNode(d), 'lang') ?? 'en' });
  const chosen = descs.find((d) => d.lang === 'en') ?? descs[0];
  return typeof chosen?.text === 'string' && chosen.text !== '' ? chosen.text : undefined;
}

/**
 * The <resource-agent> element and its name; throws an Error saying what is wrong.
 * `what` names the document in messages ("meta-data" for OCF, "metadata" for fence agents).
 */
export function parseResourceAgentRoot(xml: string, what: string): { root: XmlNode; name: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const root = asNode(asNode(parser.parse(xml))['resource-agent']);
  const name = attr(root, 'name');
  if (name === undefined) throw new Error(`${what} has no <resource-agent name="..."> element`);
  return { root, name };
}
