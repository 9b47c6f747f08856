import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { EntityKind } from '../model';
import { DEFAULT_MATCH_THRESHOLD } from '../match';
import { Entity, type EntityView } from './entity.type';
import { EntityKindEnum } from './enums';
import { AreFtmTopics } from './validators';

import { DEFAULT_MATCH_RESULTS, MAX_MATCH_QUERIES, MAX_MATCH_RESULTS } from './match-limits';

@InputType({
  description:
    'Who to look for: names and what else is known, as typed fields or as an FtM entity’s `schema` and ' +
    '`properties` (sent as they are); both may be given and are merged.',
})
export class MatchQuery {
  @Field(() => String, { description: 'Your key for this query, given back with its results.' })
  @Length(1, 200)
  key!: string;

  @Field(() => EntityKindEnum, { nullable: true, description: 'PERSON, COMPANY, …: people never match organisations.' })
  kind?: EntityKind | null;

  @Field(() => [String], { nullable: true, description: 'Names and aliases, any script.' })
  @ArrayMaxSize(20)
  @Length(1, 300, { each: true })
  names?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Partial ISO dates of birth.' })
  @ArrayMaxSize(10)
  @Length(4, 32, { each: true })
  birthDate?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO country codes: nationality, jurisdiction, residence.' })
  @ArrayMaxSize(20)
  @Length(2, 10, { each: true })
  countries?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Identifiers of any scheme (LEI, IMO, passport, …), as written.',
  })
  @ArrayMaxSize(20)
  @Length(1, 100, { each: true })
  identifiers?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'An FtM schema (`Person`, `Company`, `Vessel`, …) for `properties`.',
  })
  @Length(1, 60)
  schema?: string | null;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'FtM properties (`{"name": ["…"], "birthDate": ["…"], "innCode": ["…"]}`), checked against `schema`.',
  })
  properties?: Record<string, unknown> | null;
}

@ArgsType()
export class MatchArgs {
  @Field(() => [MatchQuery], { description: `Up to ${MAX_MATCH_QUERIES} queries, answered in their order.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MATCH_QUERIES)
  @ValidateNested({ each: true })
  queries!: MatchQuery[];

  @Field(() => Float, {
    nullable: true,
    defaultValue: DEFAULT_MATCH_THRESHOLD,
    description:
      'Score from which a result is a `match` (0–1); the default is measured in bench/results/match-quality.md.',
  })
  @IsOptional()
  @Min(0)
  @Max(1)
  threshold?: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_MATCH_RESULTS,
    description: `Results per query, at most ${MAX_MATCH_RESULTS}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_MATCH_RESULTS)
  limit?: number | null;

  @Field(() => [EntityKindEnum], { nullable: true, description: 'Only candidates of these kinds.' })
  kinds?: EntityKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only candidates with an ACTIVE listing on one of these lists.' })
  @ArrayMaxSize(50)
  lists?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only candidates with any of these FtM topics.' })
  @ArrayMaxSize(50)
  @AreFtmTopics()
  topics?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Never these entities (e.g. the supplier itself).' })
  @ArrayMaxSize(500)
  excludeIds?: string[] | null;
}

@ObjectType({ description: 'One feature of a score: what it compared and what it added.' })
export class MatchFeature {
  @Field(() => String, {
    description:
      'name_match, identifier_match, birth_date_match, birth_year_mismatch, country_mismatch or kind_mismatch.',
  })
  name!: string;

  @Field(() => Float, { description: 'What it added to the score (negative: a penalty).' })
  weight!: number;

  @Field(() => Float, { description: 'How strongly it holds, 0–1.' })
  value!: number;

  @Field(() => String, { nullable: true, description: 'The query’s value it compared.' })
  query!: string | null;

  @Field(() => String, { nullable: true, description: 'The candidate’s value it compared.' })
  candidate!: string | null;
}

@ObjectType()
export class MatchResult {
  @Field(() => Entity)
  entity!: EntityView;

  @Field(() => Float, { description: '0–1; results are best first.' })
  score!: number;

  @Field(() => Boolean, { description: 'Whether the score reaches the threshold.' })
  match!: boolean;

  @Field(() => [MatchFeature])
  features!: MatchFeature[];
}

@ObjectType()
export class MatchResponse {
  @Field(() => String)
  key!: string;

  @Field(() => [MatchResult])
  results!: MatchResult[];
}
