import { h } from '../dom';
import type { EvidenceData } from '../queries';

/** One piece of evidence: its quote, and who says so, for an edge's details and a path's hops. */
export function evidenceItem(evidence: EvidenceData): HTMLElement {
  // An article cites itself (title, date, link); an imported dataset cites the page it took the fact from.
  const { article } = evidence;
  const title = article ? (article.title ?? article.name) : evidence.source.name;
  const url = article ? article.url : evidence.sourceUrl;
  const date = article ? article.publishedAt : evidence.lastSeen && `last seen ${evidence.lastSeen}`;
  const citation = h(
    'p',
    {},
    '— ',
    url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, title) : h('cite', {}, title),
    date ? `, ${date}` : '',
  );
  return h(
    'li',
    { class: 'evidence' },
    evidence.quote ? h('blockquote', {}, `“${evidence.quote}”`) : undefined,
    citation,
  );
}
