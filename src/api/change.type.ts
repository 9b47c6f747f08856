import { IsOptional, Max, Min } from 'class-validator';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RelationshipType } from '../model';
import type { Change as StoredChange, ChangeOp, ChangeTarget } from '../store';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, DEFAULT_EXPOSURE_HOPS, MAX_EXPOSURE_HOPS } from '../store';
import { PageInfo } from './connection.type';
import { RelationshipTypeEnum } from './enums';
import { Exposure } from './exploration.type';

const ChangeTargetEnum: { [K in ChangeTarget]: K } = { ENTITY: 'ENTITY', RELATIONSHIP: 'RELATIONSHIP' };
const ChangeOpEnum: { [K in ChangeOp]: K } = { CREATED: 'CREATED', UPDATED: 'UPDATED', DELETED: 'DELETED' };
registerEnumType(ChangeTargetEnum, { name: 'ChangeTarget', description: 'What a change is about.' });
registerEnumType(ChangeOpEnum, { name: 'ChangeOp' });

/** Most entity ids one entityChanged subscription may follow. */
export const MAX_WATCHED_IDS = 1000;

@ObjectType({ description: 'One committed change to the graph, from the change feed.' })
export class Change {
  @Field(() => SafeIntResolver, {
    description: 'Position in the feed: increases by one per change, in commit order. Pass it as `after`.',
  })
  seq!: number;

  @Field(() => String, { description: 'Commit time of the write (ISO 8601).' })
  at!: string;

  @Field(() => ChangeTargetEnum)
  target!: ChangeTarget;

  @Field(() => ChangeOpEnum)
  op!: ChangeOp;

  @Field(() => ID, { description: 'Id of the entity or relationship.' })
  id!: string;

  @Field(() => RelationshipTypeEnum, { nullable: true, description: 'The relationship type (relationships only).' })
  relationshipType!: RelationshipType | null;

  @Field(() => [ID], { description: "The entity, or the relationship's two endpoints." })
  entityIds!: string[];

  @Field(() => JSONObjectResolver, {
    description:
      'The new state (for DELETED: the last state): an entity `{ id kind name aliases description country properties }` ' +
      'or a relationship `{ id type from to status since until description evidence }`.',
  })
  state!: Record<string, unknown>;
}

export function toChangeView(change: StoredChange): Change {
  return {
    seq: change.seq,
    at: change.at,
    target: change.target,
    op: change.op,
    id: change.id,
    relationshipType: change.type as RelationshipType | null,
    entityIds: change.entityIds,
    state: JSON.parse(change.state) as Record<string, unknown>,
  };
}

@ObjectType()
export class ChangeEdge {
  @Field(() => String, { description: 'The seq, in decimal: usable as `after` here and in subscriptions.' })
  cursor!: string;

  @Field(() => Change)
  node!: Change;
}

@ObjectType({ description: 'A page of the change feed, oldest first.' })
export class ChangeConnection {
  @Field(() => [ChangeEdge])
  edges!: ChangeEdge[];

  @Field(() => [Change])
  nodes!: Change[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Changes kept after `after`, across pages.' })
  totalCount!: number;

  @Field(() => SafeIntResolver, {
    description:
      'The newest seq when this page was read (0: none yet). Read it before a snapshot query, then subscribe ' +
      'with `after: latestSeq` to miss nothing that happened since.',
  })
  latestSeq!: number;
}

@ArgsType()
export class ChangesArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `At most ${MAX_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'A cursor (pageInfo.endCursor) or seq in decimal: changes after it. Default: the oldest kept.',
  })
  after?: string | null;
}

@ArgsType()
class AfterArgs {
  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'Replay the changes after this seq first (from a previous event, or `changes { latestSeq }`), then go on live.',
  })
  @IsOptional()
  @Min(0)
  after?: number | null;
}

@ArgsType()
export class EntityChangedArgs extends AfterArgs {
  @Field(() => [ID], { nullable: true, description: `Only these entities (at most ${MAX_WATCHED_IDS}); default: all.` })
  ids?: string[] | null;
}

@ArgsType()
export class RelationshipChangedArgs extends AfterArgs {
  @Field(() => ID, { nullable: true, description: 'Only relationships of this entity.' })
  entity?: string | null;

  @Field(() => [RelationshipTypeEnum], { nullable: true, description: 'Only these types; default: all.' })
  types?: RelationshipType[] | null;
}

@ArgsType()
export class ExposureChangedArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_EXPOSURE_HOPS,
    description: `Hops from the entity, 1 to ${MAX_EXPOSURE_HOPS}.`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_EXPOSURE_HOPS)
  maxHops?: number | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'Exposure is derived, not stored: with `after`, the first event is a snapshot (`snapshot: true`, every ' +
      'current exposure in `entered`) that replaces what the client held; then live changes follow.',
  })
  @IsOptional()
  @Min(0)
  after?: number | null;
}

@ObjectType({ description: 'Listings that entered or left the exposure of the watched entity.' })
export class ExposureChange {
  @Field(() => SafeIntResolver, { description: 'The feed position the exposure was computed after.' })
  seq!: number;

  @Field(() => Boolean, { description: 'True for the snapshot sent first when subscribing with `after`.' })
  snapshot!: boolean;

  @Field(() => [Exposure], { description: 'Listings now within reach, each with its justifying path.' })
  entered!: Exposure[];

  @Field(() => [Exposure], { description: 'Listings no longer within reach, as they were last seen.' })
  left!: Exposure[];
}
