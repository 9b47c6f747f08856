import { FTM_TOPIC_LIST } from '../model/vocabulary';
import type { PathData } from './queries';

/** `3 relationships`, `1 entity`: counts in words for the summary and the lists. */
export function plural(count: number, word: string): string {
  const many = word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
  return `${count.toLocaleString('en')} ${count === 1 ? word : many}`;
}

/** `1 hop`, `3 hops` */
export function hops(count: number): string {
  return `${count} hop${count === 1 ? '' : 's'}`;
}

/** `2 hops: Canon → US Entity List → Huawei` */
export function pathLabel(path: PathData): string {
  return `${hops(path.length)}: ${path.nodes.map((node) => node.name).join(' → ')}`;
}

const TOPIC_LABELS = new Map(FTM_TOPIC_LIST.map((topic) => [topic.code, topic.label]));

/** An FtM topic's label (`role.pep`: "PEP", `sanction`: "Sanctioned"); a topic this page does not know reads as itself. */
export function topicLabel(code: string): string {
  return TOPIC_LABELS.get(code) ?? code;
}
