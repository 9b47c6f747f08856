import { h } from './dom';

/** A name in the article's text, where it stands (UTF-16 code units, as the service counts them). */
export interface TextMark {
  offset: number;
  length: number;
  entityId: string;
  /** A stored entity, or a new name: the mark says which in its class and its title. */
  stored: boolean;
  /** What the mark's title says the name is taken to be. */
  title: string;
}

/**
 * The text with a <mark> per mention, as text nodes only: nothing of the article is parsed as
 * HTML. A mention overlapping the one before, or out of the text, is left unmarked.
 */
export function markedText(text: string, marks: readonly TextMark[]): (Node | string)[] {
  const parts: (Node | string)[] = [];
  let cursor = 0;
  for (const mark of [...marks].sort((a, b) => a.offset - b.offset)) {
    const end = mark.offset + mark.length;
    if (mark.offset < cursor || mark.length <= 0 || end > text.length) continue;
    if (mark.offset > cursor) parts.push(text.slice(cursor, mark.offset));
    parts.push(
      h(
        'mark',
        {
          class: mark.stored ? 'mention mention-stored' : 'mention mention-new',
          'data-entity': mark.entityId,
          title: mark.title,
        },
        text.slice(mark.offset, end),
      ),
    );
    cursor = end;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return parts;
}
