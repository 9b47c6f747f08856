import { extract, type IngestDraft } from '../../src/extract';
import { parseArticleFile } from '../../src/ingest/article-file';
import { validateGraphDocument, type EntityKind } from '../../src/model';
import { emptyLinker, listLinker, seedArticle, writtenArticles } from '../../bench/extraction-eval';

/*
 * The extractor on texts written here: where names stand, what links cue words make, quotes cut
 * verbatim, ids that never take a stored entity's, and a draft the document validator accepts.
 */

const ARTICLE = { title: 'Test report' };

const TEXT = [
  'Quarnby Robotics, a Lisbon-based maker of warehouse arms, was added to the Entity List in March 2021.',
  'The company competes against Vellmar Automation and Ostrik Systems in Europe.',
  'The US Treasury is weighing whether to add Quarnby Robotics to its Specially Designated Nationals and Blocked Persons List.',
  'Quarnby is controlled by Teodora Halvik, its founder.',
].join(' ');

function toDocument(draft: IngestDraft) {
  const articleId = draft.article.id as string;
  return {
    entities: [draft.article, ...draft.entities],
    relationships: draft.relationships.map((relationship) => ({
      ...relationship,
      evidence: (relationship.evidence as { quote: string }[]).map((item) => ({ ...item, article: articleId })),
    })),
  };
}

describe('extract', () => {
  it('finds every name where it stands, and links named in one sentence by their cue words', async () => {
    const extraction = await extract(TEXT, ARTICLE, emptyLinker);
    for (const mention of extraction.mentions) {
      expect(TEXT.slice(mention.offset, mention.offset + mention.length)).toBe(mention.text);
    }
    const names = extraction.entities.map((entity) => entity.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Quarnby Robotics',
        'Entity List',
        'Vellmar Automation',
        'Ostrik Systems',
        'Specially Designated Nationals and Blocked Persons List',
        'Teodora Halvik',
      ]),
    );
    const quarnby = extraction.entities.find((entity) => entity.name === 'Quarnby Robotics');
    // The short form joins the full name.
    expect(quarnby?.aliases).toContain('Quarnby');
    expect(quarnby?.kindGuessed).toBe(true);
    const links = extraction.relationships.map((r) => `${r.from.name} ${r.type} ${r.to.name} ${r.status} ${r.since}`);
    expect(links).toEqual(
      expect.arrayContaining([
        'Quarnby Robotics LISTED_ON Entity List ACTIVE 2021-03',
        // "The company" is the article's focus; symmetric links are stored in id order.
        'Ostrik Systems COMPETES_WITH Quarnby Robotics ACTIVE null',
        'Quarnby Robotics COMPETES_WITH Vellmar Automation ACTIVE null',
        // Considered, not taken.
        'Quarnby Robotics LISTED_ON Specially Designated Nationals and Blocked Persons List PROPOSED null',
        'Teodora Halvik CONTROLS Quarnby Robotics ACTIVE null',
        `${ARTICLE.title} MENTIONS Vellmar Automation ACTIVE null`,
      ]),
    );
    // Only a place is a base.
    expect(links.some((link) => link.startsWith('Quarnby Robotics HEADQUARTERED_IN Lisbon ACTIVE'))).toBe(true);
    // A list is not listed, and a person does not compete.
    expect(links.some((link) => /Teodora Halvik COMPETES_WITH|List LISTED_ON/.test(link))).toBe(false);
  });

  it('quotes verbatim, at most 30 words, around the names it links', async () => {
    const long = `Nordvik Metals said on Tuesday, after a long meeting of its board in the northern port city that lasted well into the night and ended without any statement to the press, that it had agreed to buy a stake in Harrowgate Mining, a rival.`;
    const extraction = await extract(long, ARTICLE, emptyLinker);
    const owns = extraction.relationships.find((r) => r.type === 'OWNS');
    expect(owns).toBeDefined();
    if (!owns || owns.offset === null) throw new Error('no quoted OWNS link');
    expect(long.slice(owns.offset, owns.offset + owns.quote.length)).toBe(owns.quote);
    expect(owns.quote.split(/\s+/).length).toBeLessThanOrEqual(30);
    expect(owns.quote).toContain('Harrowgate Mining');
  });

  it('links a name to the stored entity and never gives a new name a stored id', async () => {
    const stored = [
      { id: 'quarnby', name: 'Quarnby Robotics', kind: 'COMPANY' as EntityKind, aliases: ['Quarnby Robotics S.A.'] },
      // A stored entity whose id a new name would get.
      { id: 'vellmar-automation', name: 'Vellmar Lighthouse Trust', kind: 'ORGANIZATION' as EntityKind, aliases: [] },
    ];
    const extraction = await extract(TEXT, ARTICLE, listLinker(stored));
    const quarnby = extraction.entities.find((entity) => entity.id === 'quarnby');
    expect(quarnby?.existing?.id).toBe('quarnby');
    expect(quarnby?.kindGuessed).toBe(false);
    const vellmar = extraction.entities.find((entity) => entity.name === 'Vellmar Automation');
    expect(vellmar?.existing).toBeNull();
    expect(vellmar?.id).toBe('vellmar-automation-2');
    // Stored entities are not in the draft's entities; the links point at their ids.
    expect(extraction.draft.entities.map((entity) => entity.id)).not.toContain('quarnby');
    expect(extraction.draft.relationships.some((r) => r.from === 'quarnby' && r.type === 'LISTED_ON')).toBe(true);
  });

  it('drafts what the document validator (and so ingest) accepts, for every evaluation article', async () => {
    for (const article of [seedArticle(), ...writtenArticles()]) {
      const extraction = await extract(article.file.text, article.file.article, emptyLinker);
      const result = validateGraphDocument(toDocument(extraction.draft));
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('reads an article file: its header gives the byline, the text follows the ---', () => {
    const file = parseArticleFile(
      'Publisher: Daily Ledger, syndicated from Wire Service\nPublished: 5 May 2022\nTitle: A title\nAuthors: Ann Lee and Bo Chen (Wire)\nURL: not given\n---\nText here.',
      'fallback',
    );
    expect(file.article).toMatchObject({
      title: 'A title',
      publisher: 'Daily Ledger',
      syndicatedFrom: 'Wire Service',
      publishedAt: '2022-05-05',
      authors: ['Ann Lee', 'Bo Chen'],
      url: null,
    });
    expect(file.text).toBe('Text here.');
    // No header: the whole file is the text.
    const bare = parseArticleFile('Just text --- with a dash.', 'name');
    expect(bare.article.title).toBe('name');
    expect(bare.article.authors).toBeNull();
    expect(bare.text).toBe('Just text --- with a dash.');
  });
});
