import { sankeyLinkHorizontal } from 'd3-sankey';
import { useMemo, useState } from 'react';
import { useWidth } from '../useWidth';
import { formatMinor, type MoneyFormat } from '../../utils/money';
import { COMPACT_LABEL_LENGTH, layoutSankey } from './layout';
import { NODE_COLORS, toSankeyInput, type SankeyGraph } from './sankeyInput';

interface Props {
  graph: SankeyGraph;
  money: MoneyFormat;
  compact?: boolean;
  title: string;
  onNode?: (id: number) => void;
  onLink?: (id: number) => void;
  /** More to say about a link, after its amount (the "What happened" view gives the planned amount). */
  describeLink?: (id: number) => string;
}

/** The money map drawn to scale; wider than a phone it scrolls sideways rather than squeezing labels together. */
export default function SankeyChart({ graph, money, compact = false, title, onNode, onLink, describeLink }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [selected, setSelected] = useState<string | null>(null);
  const laid = useMemo(() => {
    const input = toSankeyInput(graph, money.exponent);
    return input.links.length === 0 ? null : layoutSankey(input, width, compact);
  }, [graph, money.exponent, width, compact]);
  const path = sankeyLinkHorizontal();

  if (!laid) return <div ref={ref} />;
  const amount = (minor: number) => formatMinor(minor, money, compact);
  const more = (id: number) => (describeLink ? `, ${describeLink(id)}` : '');

  return (
    <figure className="sankey">
      <div ref={ref} className="sankey-scroll" tabIndex={0} role="region" aria-label={`${title}, scrolls sideways`}>
        <svg width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`} aria-hidden={onNode ? undefined : true}>
          <g fill="none">
            {laid.links.map((l) => {
              const key = `l${l.id}`;
              return (
                <path
                  key={key}
                  d={path(l) ?? undefined}
                  stroke={NODE_COLORS[l.source.type]}
                  strokeOpacity={selected === key ? 0.7 : 0.35}
                  strokeWidth={Math.max(1, l.width)}
                  className={onLink ? 'clickable' : undefined}
                  onClick={() => { setSelected(key); onLink?.(l.id); }}
                  onMouseEnter={() => setSelected(key)}
                >
                  <title>{`${l.source.label} → ${l.target.label}: ${formatMinor(l.value, money)}${more(l.id)}`}</title>
                </path>
              );
            })}
          </g>
          {laid.nodes.map((n) => {
            const rightSide = n.x0 > laid.width / 2;
            return (
              <g key={`n${n.id}`} className={onNode ? 'clickable' : undefined} onClick={() => { setSelected(`n${n.id}`); onNode?.(n.id); }}>
                <rect x={n.x0} y={n.y0} width={n.x1 - n.x0} height={Math.max(2, n.y1 - n.y0)} fill={NODE_COLORS[n.type]} rx={2}>
                  <title>{`${n.label}: ${formatMinor(n.value, money)}`}</title>
                </rect>
                <text
                  x={rightSide ? n.x0 - 6 : n.x1 + 6}
                  y={(n.y0 + n.y1) / 2}
                  dy="-0.2em"
                  textAnchor={rightSide ? 'end' : 'start'}
                  className="sankey-label"
                >
                  {compact ? shorten(n.label) : n.label}
                </text>
                <text x={rightSide ? n.x0 - 6 : n.x1 + 6} y={(n.y0 + n.y1) / 2} dy="1em" textAnchor={rightSide ? 'end' : 'start'} className="sankey-amount">
                  {amount(n.value)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      {selected?.startsWith('l') && (() => {
        const link = laid.links.find((l) => `l${l.id}` === selected);
        return link ? <figcaption aria-live="polite">{link.source.label} → {link.target.label}: {formatMinor(link.value, money)}{more(link.id)}</figcaption> : null;
      })()}
    </figure>
  );
}

function shorten(label: string): string {
  return label.length <= COMPACT_LABEL_LENGTH ? label : `${label.slice(0, COMPACT_LABEL_LENGTH - 1).trimEnd()}…`;
}
