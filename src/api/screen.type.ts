import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { EntityKind, RelationshipStatus } from '../model';
import { DEFAULT_MATCH_THRESHOLD } from '../match';
import {
  DEFAULT_EXPOSURE_HOPS,
  DEFAULT_SCREEN_EXPOSURES,
  DEFAULT_SCREEN_MATCHES,
  MAX_EXPOSURE_HOPS,
  MAX_SCREEN_EXPOSURES,
  MAX_SCREEN_MATCHES,
  SCREEN_VERDICTS,
  type ScreenVerdict,
} from '../store';
import { EntityKindEnum, RelationshipStatusEnum } from './enums';
import { Exposure } from './exploration.type';
import { MAX_MATCH_QUERIES } from './match-limits';
import { MatchQuery, MatchResult } from './match.type';
import { AreFtmTopics, IsPartialDate } from './validators';

export const ScreenVerdictEnum = Object.fromEntries(SCREEN_VERDICTS.map((verdict) => [verdict, verdict])) as {
  [K in ScreenVerdict]: K;
};
registerEnumType(ScreenVerdictEnum, {
  name: 'ScreenVerdict',
  description: 'The worst a query’s matches show, first to last.',
  valuesConfig: {
    LISTED: { description: 'A match is listed itself.' },
    EXPOSED: { description: 'A match is within `hops` of a listed entity.' },
    MATCHED: { description: 'Matches, none listed or exposed.' },
    CLEAR: { description: 'No candidate reaches the threshold.' },
  },
});

@ArgsType()
export class ScreenArgs {
  @Field(() => [MatchQuery], { description: `Up to ${MAX_MATCH_QUERIES} queries, answered in their order.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MATCH_QUERIES)
  @ValidateNested({ each: true })
  queries!: MatchQuery[];

  @Field(() => Float, {
    nullable: true,
    defaultValue: DEFAULT_MATCH_THRESHOLD,
    description: 'Score from which a candidate is a match (0–1).',
  })
  @IsOptional()
  @Min(0)
  @Max(1)
  threshold?: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_SCREEN_MATCHES,
    description: `Matches per query, best first, at most ${MAX_SCREEN_MATCHES}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_SCREEN_MATCHES)
  matches?: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_EXPOSURE_HOPS,
    description: `Exposure within this many hops of a match, 1 to ${MAX_EXPOSURE_HOPS}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_EXPOSURE_HOPS)
  hops?: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_SCREEN_EXPOSURES,
    description: `Nearest exposures per match, at most ${MAX_SCREEN_EXPOSURES}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_SCREEN_EXPOSURES)
  exposures?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Only listings on these lists count (default: any list).' })
  @ArrayMaxSize(50)
  lists?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Listings and path edges holding on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;

  @Field(() => [RelationshipStatusEnum], {
    nullable: true,
    description: 'Listing statuses that count (default ACTIVE).',
  })
  status?: RelationshipStatus[] | null;

  @Field(() => [EntityKindEnum], { nullable: true, description: 'Only candidates of these kinds.' })
  kinds?: EntityKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only candidates with any of these FtM topics.' })
  @ArrayMaxSize(50)
  @AreFtmTopics()
  topics?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Never these entities (e.g. the supplier itself).' })
  @ArrayMaxSize(500)
  excludeIds?: string[] | null;
}

@ObjectType({ description: 'A match with how it is exposed: its own listings (0 hops) and those within reach.' })
export class ScreenMatch extends MatchResult {
  @Field(() => [Exposure], { description: 'Nearest first, each with its path and the evidence on every edge.' })
  exposures!: Exposure[];

  @Field(() => Boolean, { description: 'More listings are within reach than `exposures` kept.' })
  exposuresTruncated!: boolean;
}

@ObjectType()
export class ScreenResult {
  @Field(() => String, { description: 'The query’s key.' })
  key!: string;

  @Field(() => ScreenVerdictEnum)
  verdict!: ScreenVerdict;

  @Field(() => [ScreenMatch], { description: 'Candidates at or above the threshold, best first.' })
  matches!: ScreenMatch[];

  @Field(() => Float, {
    nullable: true,
    description: 'The best candidate’s score, matched or not; null: no candidate.',
  })
  bestScore!: number | null;
}
