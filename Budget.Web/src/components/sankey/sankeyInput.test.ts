import { describe, expect, it } from 'vitest';
import { graphFromMap, toSankeyInput } from './sankeyInput';
import { layoutSankey } from './layout';

const graph = {
  nodes: [
    { id: 1, label: 'Salary', type: 'income' as const, value: 3200 },
    { id: 2, label: 'Bank', type: 'account' as const, value: 0 },
    { id: 3, label: 'Rent', type: 'expense' as const, value: 0 },
    { id: 4, label: 'Unused', type: 'expense' as const, value: 0 },
  ],
  links: [
    { id: 10, source: 1, target: 2, value: 3200, label: null },
    { id: 11, source: 2, target: 3, value: 1100.1, label: 'rent' },
    { id: 12, source: 2, target: 99, value: 5, label: null },
  ],
};

describe('the Sankey layout input', () => {
  it('carries values as exact minor units', () => {
    const input = toSankeyInput(graph, 2);
    expect(input.links.map((l) => l.value)).toEqual([320000, 110010]);
  });

  it('leaves out nodes no flow touches and flows to nodes that are gone', () => {
    const input = toSankeyInput(graph, 2);
    expect(input.nodes.map((n) => n.label)).toEqual(['Salary', 'Bank', 'Rent']);
    expect(input.links.map((l) => l.id)).toEqual([10, 11]);
  });

  it('builds the same graph from the money map nodes and flows', () => {
    const fromMap = graphFromMap(
      [{ id: 1, type: 'income', label: 'Salary', amount: 3200, balance: 0, institution: null, apy: null, metadata: null, createdAt: '', version: 1 },
       { id: 2, type: 'account', label: 'Bank', amount: 0, balance: 10, institution: null, apy: null, metadata: null, createdAt: '', version: 1 }],
      [{ id: 10, fromNodeId: 1, toNodeId: 2, amount: 3200, label: null, createdAt: '', version: 1 }],
    );
    expect(toSankeyInput(fromMap, 2)).toEqual({
      nodes: [{ id: 1, label: 'Salary', type: 'income' }, { id: 2, label: 'Bank', type: 'account' }],
      links: [{ id: 10, source: 1, target: 2, value: 320000, label: null }],
    });
  });

  it('lays out to scale: a link twice the money is twice as thick, and columns fit a phone by scrolling', () => {
    const input = toSankeyInput({
      nodes: graph.nodes.slice(0, 3),
      links: [
        { id: 10, source: 1, target: 2, value: 3000, label: null },
        { id: 11, source: 2, target: 3, value: 1000, label: null },
        { id: 13, source: 1, target: 3, value: 500, label: null },
      ],
    }, 2);
    const laid = layoutSankey(input, 360);
    const width = (id: number) => laid.links.find((l) => l.id === id)!.width;
    expect(width(10) / width(11)).toBeCloseTo(3, 5);
    expect(laid.width).toBeGreaterThanOrEqual(360);
    const columns = new Set(laid.nodes.map((n) => n.x0));
    expect(columns.size).toBe(3);
  });

  it('fits three columns of the dashboard\'s compact chart on a 360-px phone (328 px inside the page), while the full map scrolls', () => {
    const input = toSankeyInput(graph, 2);
    expect(layoutSankey(input, 328, true).width).toBe(328);
    expect(layoutSankey(input, 328).width).toBeGreaterThan(328);
  });
});
