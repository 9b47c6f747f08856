import { Field, ID, InputType } from 'type-graphql';
import type { EntityKind, PlaceType, RelationshipType, RelationshipStatus } from '../model';
import { EntityKindEnum, PlaceTypeEnum, RelationshipStatusEnum, RelationshipTypeEnum } from './enums';

/**
 * Write inputs mirror the graph document (src/model/graph-document.ts); the document
 * validator checks them, so the seed, `ingest` and the upserts share one set of rules.
 */
@InputType({ description: 'An entity to create or replace (by id). Kind-specific fields apply to their kind only.' })
export class EntityInput {
  @Field(() => ID, { description: 'Lower-case slug: letters, digits, hyphens.' })
  id!: string;

  @Field(() => EntityKindEnum)
  kind!: EntityKind;

  @Field(() => String)
  name!: string;

  @Field(() => [String], { nullable: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'COMPANY' })
  sector?: string | null;

  @Field(() => String, { nullable: true, description: 'COMPANY, ORGANIZATION' })
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'GOVERNMENT' })
  jurisdiction?: string | null;

  @Field(() => String, { nullable: true, description: 'SANCTIONS_LIST' })
  authority?: string | null;

  @Field(() => String, { nullable: true, description: 'SANCTIONS_LIST, ARTICLE, DATASET' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'PERSON' })
  position?: string | null;

  @Field(() => PlaceTypeEnum, { nullable: true, description: 'PLACE' })
  placeType?: PlaceType | null;

  @Field(() => String, { nullable: true, description: 'EVENT: partial ISO date.' })
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'ARTICLE' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'ARTICLE: partial ISO date.' })
  publishedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'ARTICLE' })
  section?: string | null;

  @Field(() => String, { nullable: true, description: 'ARTICLE: our own summary, not the article text.' })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: 'ARTICLE' })
  tags?: string[] | null;
}

@InputType({
  description:
    'Who says so: an article with a quote, or a dataset (a DATASET entity) with where and when it carried the fact. ' +
    'Exactly one of `article` and `dataset`; `sourceUrl`, `firstSeen` and `lastSeen` go with a dataset only.',
})
export class EvidenceInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Article id. In `ingest`, defaults to the ingested article unless `dataset` is given.',
  })
  article?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A short excerpt, at most 30 words: required with an article, optional with a dataset.',
  })
  quote?: string | null;

  @Field(() => ID, { nullable: true, description: 'Dataset id (a DATASET entity), instead of an article.' })
  dataset?: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset only: the page the dataset took the fact from.' })
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset only: partial ISO date it first carried the fact.' })
  firstSeen?: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset only: partial ISO date it last carried the fact.' })
  lastSeen?: string | null;
}

@InputType({ description: 'A relationship to create or replace (by id).' })
export class RelationshipInput {
  @Field(() => ID)
  id!: string;

  @Field(() => RelationshipTypeEnum)
  type!: RelationshipType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => RelationshipStatusEnum)
  status!: RelationshipStatus;

  @Field(() => String, { nullable: true, description: 'Partial ISO date.' })
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'Partial ISO date (inclusive).' })
  until?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'The capacity in which it holds ("director", "spouse", …).' })
  role?: string | null;

  @Field(() => [EvidenceInput])
  evidence!: EvidenceInput[];
}

@InputType({ description: 'One article with the entities and relationships it reports, written in one transaction.' })
export class IngestInput {
  @Field(() => EntityInput, { description: 'The article (kind ARTICLE).' })
  article!: EntityInput;

  @Field(() => [EntityInput], { nullable: true })
  entities?: EntityInput[] | null;

  @Field(() => [RelationshipInput], { nullable: true })
  relationships?: RelationshipInput[] | null;
}
