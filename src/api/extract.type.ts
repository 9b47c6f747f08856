import { ArrayMaxSize, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LIMITS, type EntityKind, type RelationshipStatus, type RelationshipType } from '../model';
import { DEFAULT_MATCH_THRESHOLD } from '../match';
import { MAX_EXTRACT_TEXT } from '../store';
import { Entity, type EntityView } from './entity.type';
import { EntityKindEnum, RelationshipStatusEnum, RelationshipTypeEnum } from './enums';
import { MatchResult } from './match.type';
import { IsPartialDate } from './validators';

@InputType({ description: 'What is known of the article besides its text: its byline becomes links too.' })
export class ArticleInput {
  @Field(() => ID, { nullable: true, description: 'Its id in the graph; by default a slug of the title.' })
  @IsOptional()
  @Matches(LIMITS.idPattern, { message: 'id must be lower-case letters, digits and inner hyphens' })
  id?: string | null;

  @Field(() => String)
  @Length(1, LIMITS.maxNameLength)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 2000)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'Partial ISO date.' })
  @IsOptional()
  @IsPartialDate()
  publishedAt?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  section?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 100, { each: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Who published it (a PUBLISHED_BY link).' })
  @IsOptional()
  @Length(1, LIMITS.maxNameLength)
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Whom it is syndicated from (a SYNDICATED_FROM link).' })
  @IsOptional()
  @Length(1, LIMITS.maxNameLength)
  syndicatedFrom?: string | null;

  @Field(() => [String], { nullable: true, description: 'Its authors (AUTHORED_BY links).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, LIMITS.maxNameLength, { each: true })
  authors?: string[] | null;
}

@ArgsType()
export class ExtractArgs {
  @Field(() => ArticleInput)
  @ValidateNested()
  article!: ArticleInput;

  @Field(() => String, { description: `The article's text, at most ${MAX_EXTRACT_TEXT} characters.` })
  @Length(1, MAX_EXTRACT_TEXT)
  text!: string;

  @Field(() => Float, {
    nullable: true,
    defaultValue: DEFAULT_MATCH_THRESHOLD,
    description: 'Match score from which a name is taken to be a stored entity (0–1).',
  })
  @IsOptional()
  @Min(0)
  @Max(1)
  threshold?: number | null;
}

@ObjectType({ description: 'An entity the article names: one already in the graph, or a new name.' })
export class ProposedEntity {
  @Field(() => ID, { description: 'The stored entity’s id, or the id the draft gives a new one.' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EntityKindEnum)
  kind!: EntityKind;

  @Field(() => Boolean, { description: 'A new name’s kind is guessed from its words and the tagger: check it.' })
  kindGuessed!: boolean;

  @Field(() => [String], { description: 'Other forms the article uses for a new name.' })
  aliases!: string[];

  @Field(() => Int, { description: 'How often the text names it.' })
  mentions!: number;

  @Field(() => Entity, { nullable: true, description: 'The stored entity; null for a new name.' })
  entity!: EntityView | null;
}

@ObjectType({ description: 'A name in the text, where it stands, and what it may be.' })
export class Mention {
  @Field(() => String)
  text!: string;

  @Field(() => Int, { description: 'Where it starts in the text (UTF-16 code units, as JavaScript counts).' })
  offset!: number;

  @Field(() => Int)
  length!: number;

  @Field(() => Int, { description: 'Index of its sentence.' })
  sentence!: number;

  @Field(() => ProposedEntity, { description: 'What it is taken to be.' })
  proposed!: ProposedEntity;

  @Field(() => EntityKindEnum)
  kind!: EntityKind;

  @Field(() => Entity, { nullable: true, description: 'The stored entity it names, if any.' })
  entity!: EntityView | null;

  @Field(() => [MatchResult], { description: 'Stored entities it may be, best first, with their scores.' })
  candidates!: MatchResult[];
}

@ObjectType({ description: 'A relationship the text suggests, not stored until accepted (send `draft` to `ingest`).' })
export class ProposedRelationship {
  @Field(() => ID)
  id!: string;

  @Field(() => RelationshipTypeEnum)
  type!: RelationshipType;

  @Field(() => ProposedEntity)
  from!: ProposedEntity;

  @Field(() => ProposedEntity)
  to!: ProposedEntity;

  @Field(() => RelationshipStatusEnum, {
    description: 'How the sentence says it holds: PROPOSED when it is considered, ALLEGED, ENDED, else ACTIVE.',
  })
  status!: RelationshipStatus;

  @Field(() => String, { nullable: true, description: 'A date the sentence gives (“since 2019”).' })
  since!: string | null;

  @Field(() => String, { nullable: true })
  until!: string | null;

  @Field(() => String, { description: 'At most 30 words, verbatim from the text (a byline link: the metadata).' })
  quote!: string;

  @Field(() => Int, { nullable: true, description: 'Where the quote starts in the text; null for a byline link.' })
  offset!: number | null;

  @Field(() => String, { nullable: true, description: 'The cue that typed it (“competes”, “blacklisted by”).' })
  cue!: string | null;

  @Field(() => [String], { description: 'Other quotes of the text saying the same.' })
  alsoSaid!: string[];
}

@ObjectType({ description: 'What an article’s text proposes. Nothing is written: review it, then `ingest` the draft.' })
export class Extraction {
  @Field(() => ID)
  articleId!: string;

  @Field(() => [Mention])
  mentions!: Mention[];

  @Field(() => [ProposedEntity], { description: 'Every entity the proposals use: stored ones and new names.' })
  entities!: ProposedEntity[];

  @Field(() => [ProposedRelationship])
  relationships!: ProposedRelationship[];

  @Field(() => JSONObjectResolver, {
    description: 'The proposals as `ingest(input:)` takes them: { article, entities (new only), relationships }.',
  })
  draft!: Record<string, unknown>;
}
