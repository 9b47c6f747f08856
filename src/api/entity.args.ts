import { ArrayMaxSize, IsIn, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { FTM_SCHEMA_NAMES, type EntityKind, type RelationshipStatus } from '../model';
import type { EntityOrder } from '../store';
import { EntityKindEnum, RelationshipStatusEnum } from './enums';
import { PaginationArgs } from './pagination.args';
import { AreFtmTopics, IsPartialDate } from './validators';

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

  @Field(() => [String], {
    nullable: true,
    description: 'FtM topics, any of them (`sanction`, `role.pep`, `crime.fin`, `poi`, …).',
  })
  @ArrayMaxSize(50)
  @AreFtmTopics()
  topics?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'FtM schemata (`Vessel`, `Passport`, …); an entity written here counts as its kind’s (`schema`).',
  })
  @ArrayMaxSize(50)
  @IsIn(FTM_SCHEMA_NAMES, { each: true, message: 'schemata must be FtM schema names such as Vessel or BankAccount' })
  schemata?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Nationality or citizenship, any of these ISO codes.' })
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z]{2}(-[A-Za-z]{2,3})?$/, {
    each: true,
    message: 'nationality must be ISO country codes such as ru',
  })
  nationality?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Born in this year (any of its birth dates).' })
  @IsOptional()
  @Min(1000)
  @Max(2999)
  birthYear?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Has this identifier (LEI, IMO, passport number, …), its own or on a document that IDENTIFIES it. ' +
      'Compared normalised: case, spaces and punctuation do not matter.',
  })
  @Length(1, 200)
  hasIdentifier?: string | null;

  @Field(() => String, { nullable: true, description: 'With `hasIdentifier`: only this scheme (`LEI`, `IMO`, …).' })
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, { message: 'identifierScheme must be a scheme such as LEI or IMO' })
  identifierScheme?: string | null;
}

@ArgsType()
export class EntitiesArgs extends PaginationArgs {
  @Field(() => EntityFilter, { nullable: true })
  @ValidateNested()
  filter?: EntityFilter | null;

  @Field(() => EntityOrderEnum, { nullable: true, defaultValue: 'NAME_ASC' })
  orderBy?: EntityOrder | null;
}
