import type { StylesheetJson } from 'cytoscape';

/** One table for the drawing and the legend, so they never disagree. */
export const KINDS: Readonly<Record<string, { label: string; color: string; shape: string }>> = {
  COMPANY: { label: 'Company', color: '#1f5fa8', shape: 'round-rectangle' },
  GOVERNMENT: { label: 'Government', color: '#b3261e', shape: 'hexagon' },
  SANCTIONS_LIST: { label: 'Sanctions list', color: '#202020', shape: 'octagon' },
  PERSON: { label: 'Person', color: '#7b3fa0', shape: 'ellipse' },
  PLACE: { label: 'Place', color: '#2e7d32', shape: 'triangle' },
  ORGANIZATION: { label: 'Organization', color: '#b35c00', shape: 'barrel' },
  EVENT: { label: 'Event', color: '#c2185b', shape: 'star' },
  ARTICLE: { label: 'Article', color: '#546e7a', shape: 'rectangle' },
};

export const STATUS_LEGEND: readonly [string, string][] = [
  ['ACTIVE', 'solid line'],
  ['PROPOSED, ALLEGED', 'dashed line'],
  ['ENDED', 'faded line'],
  ['symmetric types', 'no arrow'],
];

export function graphStyle(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(name)',
        'font-size': 11,
        'min-zoomed-font-size': 7,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '120px',
        color: '#1b1b1b',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        width: 26,
        height: 26,
        'border-width': 1,
        'border-color': '#ffffff',
      },
    },
    ...Object.entries(KINDS).map(([kind, { color, shape }]) => ({
      selector: `node[kind = "${kind}"]`,
      style: { 'background-color': color, shape: shape as 'ellipse' },
    })),
    {
      selector: 'node.more',
      style: {
        shape: 'round-rectangle',
        'background-color': '#e0e0e0',
        'border-color': '#616161',
        'border-style': 'dashed',
        'border-width': 1,
        label: 'data(name)',
        'text-valign': 'center',
        'text-margin-y': 0,
        width: 64,
        height: 22,
      },
    },
    { selector: 'node.pinned', style: { 'border-width': 4, 'border-color': '#f9a825' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0a58ca' } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#78909c',
        'target-arrow-color': '#78909c',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(type)',
        'font-size': 8,
        'min-zoomed-font-size': 8,
        'text-rotation': 'autorotate',
        color: '#37474f',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
      },
    },
    { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
    { selector: 'edge[status = "PROPOSED"], edge[status = "ALLEGED"]', style: { 'line-style': 'dashed' } },
    { selector: 'edge[status = "ENDED"]', style: { opacity: 0.35 } },
    { selector: 'edge.more', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none', label: '' } },
    { selector: 'edge:selected', style: { width: 4, 'line-color': '#0a58ca', 'target-arrow-color': '#0a58ca' } },
    { selector: '.path', style: { 'z-index': 10 } },
    { selector: 'node.path', style: { 'border-width': 5, 'border-color': '#ff6f00' } },
    {
      selector: 'edge.path',
      style: { width: 5, 'line-color': '#ff6f00', 'target-arrow-color': '#ff6f00', opacity: 1 },
    },
    { selector: '.faded', style: { opacity: 0.25 } },
  ];
}

const SVG = 'http://www.w3.org/2000/svg';

function polygon(sides: number, rotation = 0, inner?: number): string {
  const count = inner === undefined ? sides : sides * 2;
  return Array.from({ length: count }, (_, index) => {
    const angle = rotation + (index * 2 * Math.PI) / count;
    const radius = inner !== undefined && index % 2 === 1 ? inner : 7;
    return `${(8 + radius * Math.sin(angle)).toFixed(1)},${(8 - radius * Math.cos(angle)).toFixed(1)}`;
  }).join(' ');
}

const SWATCHES: Readonly<Record<string, () => SVGElement>> = {
  ellipse: () => shape('circle', { cx: '8', cy: '8', r: '7' }),
  rectangle: () => shape('rect', { x: '2', y: '2', width: '12', height: '12' }),
  'round-rectangle': () => shape('rect', { x: '1', y: '3', width: '14', height: '10', rx: '3' }),
  barrel: () => shape('rect', { x: '1', y: '2', width: '14', height: '12', rx: '5' }),
  hexagon: () => shape('polygon', { points: polygon(6, Math.PI / 6) }),
  octagon: () => shape('polygon', { points: polygon(8, Math.PI / 8) }),
  triangle: () => shape('polygon', { points: polygon(3) }),
  star: () => shape('polygon', { points: polygon(5, 0, 3) }),
};

function shape(name: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

/** A small picture of a kind's shape and colour, drawn with attributes (the CSP forbids inline styles). */
export function kindSwatch(kind: string): SVGSVGElement {
  const { color, shape: shapeName } = KINDS[kind];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const figure = SWATCHES[shapeName]();
  figure.setAttribute('fill', color);
  svg.append(figure);
  return svg;
}
