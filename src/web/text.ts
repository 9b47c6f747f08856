import type { PathData } from './queries';

/** `3 relationships`, `1 entity`: counts in words for the summary and the lists. */
export function plural(count: number, word: string): string {
  const many = word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
  return `${count.toLocaleString('en')} ${count === 1 ? word : many}`;
}

/** `2 hops: Canon → US Entity List → Huawei` */
export function pathLabel(path: PathData): string {
  return `${path.length} hop${path.length === 1 ? '' : 's'}: ${path.nodes.map((node) => node.name).join(' → ')}`;
}
