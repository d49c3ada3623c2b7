// Sizes for the SVG diagrams. Text is set in a monospace font so its width can be known
// without measuring: every glyph is about 0.6em wide in DejaVu Sans Mono, Menlo and Consolas
// (a little more is assumed, so text never spills out of its box).

export const FONT_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

export const METRICS = {
  charWidthEm: 0.62,
  titleSize: 13,
  detailSize: 11,
  labelSize: 11,
  labelDetailSize: 10,
  titleLineHeight: 18,
  detailLineHeight: 14,
  labelLineHeight: 13,
  boxPadX: 10,
  stateMinWidth: 80,
  initialSize: 12,
  historySize: 30,
  actionLineChars: 34,
} as const;

export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * METRICS.charWidthEm;
}
