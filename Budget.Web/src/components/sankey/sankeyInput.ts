import type { Schemas } from '../../lib/api';
import { fromApiAmount } from '../../utils/money';

export type SankeyGraph = Schemas['SankeyGraph'];
export type NodeType = Schemas['NodeType'];

export interface InputNode { id: number; label: string; type: NodeType }
export interface InputLink { id: number; source: number; target: number; value: number; label: string | null }

/** The money map's nodes and flows in the dashboard's graph shape, so one chart draws both. */
export function graphFromMap(nodes: Schemas['NodeResponse'][], flows: Schemas['FlowResponse'][]): SankeyGraph {
  return {
    nodes: nodes.map((n) => ({ id: n.id, label: n.label, type: n.type, value: n.amount })),
    links: flows.map((f) => ({ id: f.id, source: f.fromNodeId, target: f.toNodeId, value: f.amount, label: f.label })),
  };
}

/**
 * What the layout gets: values in minor units (exact integers, so widths add up), only nodes that some flow touches
 * (a node without flows has no height to draw), and no link to a node that is not there.
 */
export function toSankeyInput(graph: SankeyGraph, exponent: number): { nodes: InputNode[]; links: InputLink[] } {
  const known = new Set(graph.nodes.map((n) => n.id));
  const links = graph.links
    .filter((l) => known.has(l.source) && known.has(l.target) && l.source !== l.target)
    .map((l) => ({ id: l.id, source: l.source, target: l.target, value: fromApiAmount(l.value, exponent), label: l.label }))
    .filter((l) => l.value > 0);
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes = graph.nodes.filter((n) => used.has(n.id)).map((n) => ({ id: n.id, label: n.label, type: n.type }));
  return { nodes, links };
}

export const NODE_COLORS: Record<NodeType, string> = {
  income: '#15803d',
  account: '#1d4ed8',
  savings: '#0f766e',
  investment: '#7c3aed',
  expense: '#c2410c',
  debt: '#b91c1c',
};
