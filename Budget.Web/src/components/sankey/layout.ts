import { sankey, sankeyJustify, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { InputLink, InputNode } from './sankeyInput';

export type LaidNode = SankeyNode<InputNode, InputLink> & { x0: number; x1: number; y0: number; y1: number; value: number };
export type LaidLink = SankeyLink<InputNode, InputLink> & { width: number; source: LaidNode; target: LaidNode };

const COLUMN_WIDTH = 150; // room for a label and its amount beside each column on a phone
const COMPACT_COLUMN_WIDTH = 105; // the dashboard's glance: short labels, so three columns fit a 360-px phone

/** Characters of a label the compact chart shows; the full label is in the node's tooltip. */
export const COMPACT_LABEL_LENGTH = 11;

/**
 * Lays the graph out at least as wide as its box; more columns than fit make it wider, and its own box scrolls
 * sideways (never the page).
 */
export function layoutSankey(input: { nodes: InputNode[]; links: InputLink[] }, availableWidth: number, compact = false) {
  const depth = longestPath(input);
  const width = Math.max(availableWidth, (depth + 1) * (compact ? COMPACT_COLUMN_WIDTH : COLUMN_WIDTH));
  const perColumn = Math.max(1, ...columnCounts(input));
  const height = compact ? Math.max(180, perColumn * 36) : Math.max(260, perColumn * 56);
  const generator = sankey<InputNode, InputLink>()
    .nodeId((n) => n.id)
    .nodeAlign(sankeyJustify)
    .nodeWidth(12)
    .nodePadding(compact ? 14 : 22)
    .extent([[1, 8], [width - 1, height - 8]]);
  const graph = generator({ nodes: input.nodes.map((n) => ({ ...n })), links: input.links.map((l) => ({ ...l })) });
  return { width, height, nodes: graph.nodes as LaidNode[], links: graph.links as LaidLink[] };
}

function longestPath(input: { nodes: InputNode[]; links: InputLink[] }): number {
  const outgoing = new Map<number, number[]>();
  for (const l of input.links) outgoing.set(l.source, [...(outgoing.get(l.source) ?? []), l.target]);
  const memo = new Map<number, number>();
  const visit = (id: number, seen: Set<number>): number => {
    if (memo.has(id)) return memo.get(id)!;
    if (seen.has(id)) return 0; // the API forbids loops; stay safe anyway
    seen.add(id);
    const best = Math.max(0, ...(outgoing.get(id) ?? []).map((t) => 1 + visit(t, seen)));
    memo.set(id, best);
    return best;
  };
  return Math.max(0, ...input.nodes.map((n) => visit(n.id, new Set())));
}

function columnCounts(input: { nodes: InputNode[]; links: InputLink[] }): number[] {
  const incoming = new Set(input.links.map((l) => l.target));
  const outgoing = new Set(input.links.map((l) => l.source));
  const sources = input.nodes.filter((n) => !incoming.has(n.id)).length;
  const sinks = input.nodes.filter((n) => !outgoing.has(n.id)).length;
  return [sources, sinks, input.nodes.length - sources - sinks];
}
