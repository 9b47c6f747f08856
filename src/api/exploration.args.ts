import { ArrayMaxSize, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { type EntityKind, type RelationshipType, type Direction, type RelationshipStatus } from '../model';
import {
  DEFAULT_EXPOSURE_HOPS,
  DEFAULT_NEIGHBORHOOD_LIMIT,
  DEFAULT_PATHS_DEPTH,
  DEFAULT_PATHS_LIMIT,
  DEFAULT_SEARCH_SIZE,
  DEFAULT_SHORTEST_PATH_DEPTH,
  MAX_EXPOSURE_HOPS,
  MAX_EXPOSURES,
  MAX_NEIGHBORHOOD_DEPTH,
  MAX_NEIGHBORHOOD_LIMIT,
  MAX_PATH_DEPTH,
  MAX_PATHS_LIMIT,
  MAX_SEARCH_SIZE,
  MAX_SEARCH_LENGTH,
} from '../store';
import { DirectionEnum, EntityKindEnum, RelationshipStatusEnum, RelationshipTypeEnum } from './enums';
import { AreFtmTopics, IsPartialDate } from './validators';

@ArgsType()
export class NeighborhoodArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: `Hops from the entity, 1 to ${MAX_NEIGHBORHOOD_DEPTH}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_NEIGHBORHOOD_DEPTH)
  depth?: number | null;

  @Field(() => [RelationshipTypeEnum], { nullable: true, description: 'Follow only these types (default: all).' })
  types?: RelationshipType[] | null;

  @Field(() => DirectionEnum, {
    nullable: true,
    description: 'Follow edges this way from each node (default BOTH); symmetric types always.',
  })
  direction?: Direction | null;

  @Field(() => [RelationshipStatusEnum], { nullable: true, description: 'Default: every status.' })
  status?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only edges holding on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_NEIGHBORHOOD_LIMIT,
    description: `Most nodes returned (the entity included), at most ${MAX_NEIGHBORHOOD_LIMIT}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_NEIGHBORHOOD_LIMIT)
  limit?: number | null;
}

@ArgsType()
class PathArgs {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => [RelationshipTypeEnum], {
    nullable: true,
    description: 'Follow only these types (default: all but MENTIONS, PUBLISHED_BY, AUTHORED_BY, SYNDICATED_FROM).',
  })
  types?: RelationshipType[] | null;

  @Field(() => [RelationshipStatusEnum], { nullable: true, description: 'Default: every status.' })
  status?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only edges holding on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;
}

@ArgsType()
export class ShortestPathArgs extends PathArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_SHORTEST_PATH_DEPTH,
    description: `At most ${MAX_PATH_DEPTH}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_PATH_DEPTH)
  maxDepth?: number | null;
}

@ArgsType()
export class PathsArgs extends PathArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PATHS_DEPTH, description: `At most ${MAX_PATH_DEPTH}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PATH_DEPTH)
  maxDepth?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PATHS_LIMIT, description: `At most ${MAX_PATHS_LIMIT}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PATHS_LIMIT)
  limit?: number | null;
}

@ArgsType()
export class ExposureArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_EXPOSURE_HOPS, description: `1 to ${MAX_EXPOSURE_HOPS}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_EXPOSURE_HOPS)
  maxHops?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Only listings on these lists (default: any list).' })
  lists?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Listings and path edges holding on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;

  @Field(() => [RelationshipStatusEnum], {
    nullable: true,
    description: 'Listing statuses that count (default ACTIVE; e.g. add PROPOSED).',
  })
  status?: RelationshipStatus[] | null;

  @Field(() => Int, {
    nullable: true,
    description: `Only the nearest \`first\` (1 to ${MAX_EXPOSURES}), however many are in reach. Unset: all, up to ${MAX_EXPOSURES}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_EXPOSURES)
  first?: number | null;
}

@ArgsType()
export class CommonNeighborsArgs {
  @Field(() => ID)
  a!: string;

  @Field(() => ID)
  b!: string;

  @Field(() => [RelationshipTypeEnum], { nullable: true, description: 'Default: all types.' })
  types?: RelationshipType[] | null;
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, {
    description: `Any text up to ${MAX_SEARCH_LENGTH} characters; each word also matches as a prefix and with one typo.`,
  })
  query!: string;

  @Field(() => [EntityKindEnum], { nullable: true })
  kinds?: EntityKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only entities with any of these FtM topics (`sanction`, …).' })
  @ArrayMaxSize(50)
  @AreFtmTopics()
  topics?: string[] | null;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_SEARCH_SIZE, description: `At most ${MAX_SEARCH_SIZE}.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_SEARCH_SIZE)
  first?: number | null;
}
