import path from 'node:path';
import { readArticleFile } from '../ingest';
import { InvalidInputError, LIMITS } from '../model';
import { extractArticle, MAX_EXTRACT_TEXT, type CypherRunner, type ExtractCandidate } from '../store';
import type { Extraction } from '../extract';
import { UsageError } from './exit-codes';

export interface ExtractCommandOptions {
  id?: string;
  title?: string;
  threshold?: string;
  full?: boolean;
}

/** The review view of an extraction: names with offsets and candidates, proposals with quotes, as JSON. */
function fullView(extraction: Extraction<ExtractCandidate>): unknown {
  const entity = (item: Extraction<ExtractCandidate>['entities'][number]) => ({
    id: item.id,
    name: item.name,
    kind: item.kind,
    kindGuessed: item.kindGuessed,
    existing: item.existing !== null,
  });
  return {
    articleId: extraction.articleId,
    mentions: extraction.mentions.map((mention) => ({
      text: mention.text,
      offset: mention.offset,
      length: mention.length,
      entity: mention.entity.id,
      candidates: mention.candidates.map((candidate) => ({ id: candidate.id, score: candidate.score })),
    })),
    entities: extraction.entities.map(entity),
    relationships: extraction.relationships.map((relationship) => ({
      ...relationship,
      from: relationship.from.id,
      to: relationship.to.id,
    })),
    draft: extraction.draft,
  };
}

/** `entity-graph extract FILE`: the draft (or with --full the whole extraction) as JSON on stdout. */
export async function runExtract(runner: CypherRunner, file: string, options: ExtractCommandOptions): Promise<void> {
  const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    throw new UsageError(`--threshold must be a number from 0 to 1, got "${options.threshold}"`);
  }
  if (options.id !== undefined && !LIMITS.idPattern.test(options.id)) {
    throw new UsageError(`--id must be lower-case letters, digits and inner hyphens, got "${options.id}"`);
  }
  const { article, text } = await readArticleFile(file, options.title ?? path.basename(file, path.extname(file)));
  if (text.length > MAX_EXTRACT_TEXT) {
    throw new InvalidInputError(`the text has ${text.length} characters; at most ${MAX_EXTRACT_TEXT} are read`);
  }
  const extraction = await extractArticle(
    runner,
    { ...article, ...(options.id ? { id: options.id } : {}), ...(options.title ? { title: options.title } : {}) },
    text,
    threshold,
  );
  process.stdout.write(`${JSON.stringify(options.full ? fullView(extraction) : extraction.draft, null, 2)}\n`);
}
