import { ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import type { RelationshipType, Direction, RelationshipStatus } from '../model';
import type { RelationshipSelection } from '../store';
import { DirectionEnum, RelationshipStatusEnum, RelationshipTypeEnum } from './enums';
import { PaginationArgs } from './pagination.args';
import { IsPartialDate } from './validators';

@ArgsType()
export class EntityRelationshipsArgs extends PaginationArgs {
  @Field(() => DirectionEnum, { nullable: true, defaultValue: 'BOTH' })
  direction?: Direction | null;

  @Field(() => [RelationshipTypeEnum], { nullable: true })
  types?: RelationshipType[] | null;

  @Field(() => [RelationshipStatusEnum], { nullable: true, description: 'Default: every status.' })
  status?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only relationships holding on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;
}

export function selectionOf(args: {
  direction?: Direction | null;
  types?: RelationshipType[] | null;
  status?: RelationshipStatus[] | null;
  asOf?: string | null;
}): RelationshipSelection {
  return {
    direction: args.direction ?? 'BOTH',
    types: args.types ?? null,
    statuses: args.status ?? null,
    asOf: args.asOf ?? null,
  };
}

@InputType({ description: 'Filter for the top-level `relationships` list; all parts are ANDed.' })
export class RelationshipFilter {
  @Field(() => [RelationshipTypeEnum], { nullable: true })
  types?: RelationshipType[] | null;

  @Field(() => ID, { nullable: true, description: 'Relationships touching this entity.' })
  entity?: string | null;

  @Field(() => DirectionEnum, { nullable: true, description: 'With `entity`: direction seen from it.' })
  direction?: Direction | null;

  @Field(() => ID, { nullable: true })
  from?: string | null;

  @Field(() => ID, { nullable: true })
  to?: string | null;

  @Field(() => [RelationshipStatusEnum], { nullable: true })
  status?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true })
  @IsPartialDate()
  asOf?: string | null;

  @Field(() => ID, { nullable: true, description: 'Relationships this article is evidence for.' })
  article?: string | null;
}

@ArgsType()
export class RelationshipsArgs extends PaginationArgs {
  @Field(() => RelationshipFilter, { nullable: true })
  @ValidateNested()
  filter?: RelationshipFilter | null;
}
