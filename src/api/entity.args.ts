import { Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { EntityKind, RelationshipStatus } from '../model';
import type { EntityOrder } from '../store';
import { EntityKindEnum, RelationshipStatusEnum } from './enums';
import { PaginationArgs } from './pagination.args';
import { IsPartialDate } from './validators';

export const EntityOrderEnum = {
  NAME_ASC: 'NAME_ASC',
  NAME_DESC: 'NAME_DESC',
  ID_ASC: 'ID_ASC',
  ID_DESC: 'ID_DESC',
} as const;
registerEnumType(EntityOrderEnum, {
  name: 'EntityOrder',
  description: 'Sort order of `entities` (ties broken by id).',
});

@InputType({ description: 'Filter for `entities`; all parts are ANDed. Name matching ignores case.' })
export class EntityFilter {
  @Field(() => [EntityKindEnum], { nullable: true })
  kinds?: EntityKind[] | null;

  @Field(() => [ID], { nullable: true })
  ids?: string[] | null;

  @Field(() => String, { nullable: true })
  @Length(1, 200)
  namePrefix?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of the name or an alias.' })
  @Length(1, 200)
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'Entities listed on this sanctions list.' })
  listedOn?: string | null;

  @Field(() => [RelationshipStatusEnum], {
    nullable: true,
    description: 'Listing statuses counted by `listedOn` (default ACTIVE).',
  })
  listingStatus?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true, description: 'With `listedOn`: listed on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;
}

@ArgsType()
export class EntitiesArgs extends PaginationArgs {
  @Field(() => EntityFilter, { nullable: true })
  @ValidateNested()
  filter?: EntityFilter | null;

  @Field(() => EntityOrderEnum, { nullable: true, defaultValue: 'NAME_ASC' })
  orderBy?: EntityOrder | null;
}
