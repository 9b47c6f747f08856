import type { StylesheetJson } from 'cytoscape';
import { ENTITY_KINDS, RELATIONSHIP_STATUSES, type EntityKind, type RelationshipStatus } from '../model/vocabulary';

/** The node shapes a kind may take: each has a swatch below, for the legend. */
type KindShape =
  | 'ellipse'
  | 'rectangle'
  | 'round-rectangle'
  | 'barrel'
  | 'hexagon'
  | 'octagon'
  | 'triangle'
  | 'star'
  | 'diamond'
  | 'pentagon'
  | 'vee'
  | 'tag'
  | 'cut-rectangle'
  | 'round-tag';

interface KindStyle {
  label: string;
  color: string;
  shape: KindShape;
}

/**
 * One table for the drawing and the legend, so they never disagree. Keyed by the model's kinds:
 * a kind added to src/model/entity-kinds.ts does not compile here until it has a style.
 */
export const KINDS: Readonly<Record<EntityKind, KindStyle>> = {
  COMPANY: { label: 'Company', color: '#1f5fa8', shape: 'round-rectangle' },
  GOVERNMENT: { label: 'Government', color: '#b3261e', shape: 'hexagon' },
  SANCTIONS_LIST: { label: 'Sanctions list', color: '#202020', shape: 'octagon' },
  PERSON: { label: 'Person', color: '#7b3fa0', shape: 'ellipse' },
  PLACE: { label: 'Place', color: '#2e7d32', shape: 'triangle' },
  ORGANIZATION: { label: 'Organization', color: '#b35c00', shape: 'barrel' },
  EVENT: { label: 'Event', color: '#c2185b', shape: 'star' },
  ARTICLE: { label: 'Article', color: '#546e7a', shape: 'rectangle' },
  POSITION: { label: 'Position', color: '#00838f', shape: 'diamond' },
  DATASET: { label: 'Dataset', color: '#6d4c41', shape: 'pentagon' },
  VESSEL: { label: 'Vessel', color: '#0d47a1', shape: 'vee' },
  AIRCRAFT: { label: 'Aircraft', color: '#4527a0', shape: 'tag' },
  IDENTIFICATION: { label: 'Identity document', color: '#827717', shape: 'cut-rectangle' },
  THING: { label: 'Other thing', color: '#616161', shape: 'round-tag' },
};

/** A kind's name for people; a kind this page does not know (a newer service) reads as itself. */
export function kindLabel(kind: EntityKind): string {
  return KINDS[kind]?.label ?? kind;
}

type Line = 'solid' | 'dashed' | 'faded';

/** How an edge's line shows its status; keyed by the model's statuses, like KINDS by its kinds. */
const STATUS_LINES: Readonly<Record<RelationshipStatus, Line>> = {
  ACTIVE: 'solid',
  PROPOSED: 'dashed',
  ALLEGED: 'dashed',
  ENDED: 'faded',
  REPORTED: 'solid',
};

const LINE_WORDS: Readonly<Record<Line, string>> = { solid: 'solid line', dashed: 'dashed line', faded: 'faded line' };

/** The statuses drawn with `line`, in the model's order. */
const statusesWith = (line: Line): RelationshipStatus[] =>
  RELATIONSHIP_STATUSES.filter((status) => STATUS_LINES[status] === line);

/** The line styles in use, in the order of the model's first status drawn with each. */
const LINES: readonly Line[] = [...new Set(RELATIONSHIP_STATUSES.map((status) => STATUS_LINES[status]))];

/** The legend's lines for edges: which statuses each line style shows, then the arrows. */
export const STATUS_LEGEND: readonly [string, string][] = [
  ...LINES.map((line): [string, string] => [statusesWith(line).join(', '), LINE_WORDS[line]]),
  ['symmetric types', 'no arrow'],
];

const TOPIC_MARK_COLOR = '#d50000';

/** How the drawing marks the entities with the topic chosen in the filters, in words (the legend). */
export const TOPIC_MARK = 'red double outline';

/** Edge rules for the statuses not drawn solid (the default): one rule per line style. */
function statusRules(): StylesheetJson {
  const looks = { dashed: { 'line-style': 'dashed' }, faded: { opacity: 0.35 } } as const;
  return (['dashed', 'faded'] as const)
    .filter((line) => statusesWith(line).length > 0)
    .map((line) => ({
      selector: statusesWith(line)
        .map((status) => `edge[status = "${status}"]`)
        .join(', '),
      style: looks[line],
    }));
}

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
    ...ENTITY_KINDS.map((kind) => ({
      selector: `node[kind = "${kind}"]`,
      style: { 'background-color': KINDS[kind].color, shape: KINDS[kind].shape },
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
    // An outline, not a border: the border shows pins, the selection and the path, which a node with the topic may be too.
    {
      selector: 'node.topic',
      style: {
        'outline-width': 6,
        'outline-style': 'double',
        'outline-color': TOPIC_MARK_COLOR,
        'outline-offset': 2,
        'outline-opacity': 1,
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
    ...statusRules(),
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

const SWATCHES: Readonly<Record<KindShape, () => SVGElement>> = {
  ellipse: () => shape('circle', { cx: '8', cy: '8', r: '7' }),
  rectangle: () => shape('rect', { x: '2', y: '2', width: '12', height: '12' }),
  'round-rectangle': () => shape('rect', { x: '1', y: '3', width: '14', height: '10', rx: '3' }),
  barrel: () => shape('rect', { x: '1', y: '2', width: '14', height: '12', rx: '5' }),
  hexagon: () => shape('polygon', { points: polygon(6, Math.PI / 6) }),
  octagon: () => shape('polygon', { points: polygon(8, Math.PI / 8) }),
  triangle: () => shape('polygon', { points: polygon(3) }),
  star: () => shape('polygon', { points: polygon(5, 0, 3) }),
  diamond: () => shape('polygon', { points: polygon(4) }),
  pentagon: () => shape('polygon', { points: polygon(5) }),
  vee: () => shape('polygon', { points: '1,2 8,6 15,2 8,15' }),
  tag: () => shape('polygon', { points: '1,2 11,2 15,8 11,14 1,14' }),
  'cut-rectangle': () => shape('polygon', { points: '4,2 12,2 15,5 15,11 12,14 4,14 1,11 1,5' }),
  'round-tag': () => shape('polygon', { points: '1,3 10,3 15,8 10,13 1,13' }),
};

function shape(name: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

/** A small picture of the topic's mark: two red rings. */
export function topicSwatch(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  for (const r of ['7', '4.5']) {
    svg.append(shape('circle', { cx: '8', cy: '8', r, fill: 'none', stroke: TOPIC_MARK_COLOR, 'stroke-width': '1.5' }));
  }
  return svg;
}

/** A small picture of a kind's shape and colour, drawn with attributes (the CSP forbids inline styles). */
export function kindSwatch(kind: EntityKind): SVGSVGElement {
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
