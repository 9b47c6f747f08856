import { readFile } from 'node:fs/promises';
import type { ArticleMetadata } from '../extract';
import { InvalidInputError, isPartialDate } from '../model';

/*
 * An article as a text file: an optional header of `Key: value` lines ended by a line `---`
 * (Title, Publisher, Published, Authors, URL, Section, Tags, Id: the layout of seed/sources/),
 * then the text. Offsets of the extraction count from the start of the text, after the header.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "5 May 2022", "May 5, 2022" or an ISO date to a partial ISO date; undefined when it is none of them. */
export function articleDate(value: string): string | undefined {
  const trimmed = value.trim();
  if (isPartialDate(trimmed)) return trimmed;
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$/.exec(trimmed);
  const monthFirst = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(trimmed);
  const [day, month, year] = dayFirst
    ? [dayFirst[1], dayFirst[2], dayFirst[3]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3]]
      : [];
  const index = month ? MONTHS.indexOf(month.slice(0, 3).toLowerCase()) : -1;
  if (index < 0 || !year || !day) return undefined;
  const date = `${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isPartialDate(date) ? date : undefined;
}

/** "Jenny Leonard and Coco Liu (Bloomberg)" → the two names. */
const namesIn = (value: string): string[] =>
  value
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s*(?:,|;|\band\b|&)\s*/)
    .map((name) => name.trim())
    .filter((name) => name !== '');

export interface ArticleFile {
  article: ArticleMetadata;
  text: string;
}

export function parseArticleFile(content: string, fallbackTitle: string): ArticleFile {
  const lines = content.split(/\r?\n/);
  const end = lines.findIndex((line) => line.trim() === '---');
  const header = end < 0 ? [] : lines.slice(0, end);
  if (end >= 0 && !header.every((line) => line.trim() === '' || /^[A-Za-z][\w ]*:/.test(line))) {
    // A `---` inside a text without a header is part of the text.
    return { article: { title: fallbackTitle }, text: content };
  }
  const fields = new Map<string, string>();
  for (const line of header) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const text = end < 0 ? content : lines.slice(end + 1).join('\n');
  const publisherLine = fields.get('publisher');
  const syndicated = publisherLine ? /^(.*?),?\s+syndicated from\s+(.+)$/i.exec(publisherLine) : null;
  const published = fields.get('published');
  const url = fields.get('url');
  const article: ArticleMetadata = {
    id: fields.get('id') ?? null,
    title: fields.get('title') || fallbackTitle,
    url: url && /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : null,
    publishedAt: published ? (articleDate(published) ?? null) : null,
    section: fields.get('section') ?? null,
    tags: fields.get('tags') ? namesIn(fields.get('tags') ?? '') : null,
    publisher: syndicated ? syndicated[1].trim() : (publisherLine ?? null),
    syndicatedFrom: syndicated ? syndicated[2].trim() : null,
    authors: fields.get('authors') ? namesIn(fields.get('authors') ?? '') : null,
  };
  if (text.trim() === '') throw new InvalidInputError('the article has no text after its header');
  return { article, text };
}

export async function readArticleFile(file: string, fallbackTitle: string): Promise<ArticleFile> {
  return parseArticleFile(await readFile(file, 'utf8'), fallbackTitle);
}
