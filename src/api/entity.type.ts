import { Field, ID, InterfaceType, Int, ObjectType } from 'type-graphql';
import { KIND_FTM_SCHEMA, KIND_LABEL, type EntityKind, type PlaceType } from '../model';
import { storedStatement, type EntityRow } from '../store';
import { PageInfo } from './connection.type';
import { EntityKindEnum, PlaceTypeEnum } from './enums';
import { valuesOf } from './ftm.type';

/**
 * Typed fields read from an imported entity's FtM statement (the filterable ones, `topics`,
 * `birthDate`, `nationality`, are stored columns and come with the row). Government keeps its
 * own `jurisdiction` (a single code), so the FtM one is set on the other kinds only.
 */
const STATEMENT_FIELDS = ['deathDate', 'gender', 'incorporationDate', 'dissolutionDate', 'legalForm', 'status'];
const NO_STATEMENT_FIELDS: Readonly<Record<string, string[]>> = Object.fromEntries(
  [...STATEMENT_FIELDS, 'jurisdiction'].map((name) => [name, []]),
);

function statementFields(row: EntityRow): Record<string, unknown> {
  const statement = storedStatement(row.properties['ftm']);
  const fields: Record<string, unknown> = {
    schema: statement?.schema ?? (row.kind === 'DATASET' ? null : KIND_FTM_SCHEMA[row.kind]),
  };
  for (const name of STATEMENT_FIELDS) fields[name] = valuesOf(statement, name);
  if (row.kind !== 'GOVERNMENT') fields['jurisdiction'] = valuesOf(statement, 'jurisdiction');
  return fields;
}

/**
 * What resolvers hand to GraphQL for an entity: the stored row with its kind-specific
 * properties flattened onto it, so `Company.sector` is a plain field.
 */
export type EntityView = Omit<EntityRow, 'properties'> & Record<string, unknown>;

/** Views already made, by row: a page names the same endpoint many times (a hub in every edge). */
const views = new WeakMap<EntityRow, EntityView>();

export function toEntityView(row: EntityRow): EntityView {
  const known = views.get(row);
  if (known) return known;
  // Object.assign, not object spread: V8 built these mixed-shape objects about 20 times slower by spread.
  const view: EntityView = Object.assign(
    {},
    row.kind === 'GOVERNMENT' ? {} : NO_STATEMENT_FIELDS,
    row.properties,
    statementFields(row),
    row,
    { properties: undefined },
  );
  views.set(row, view);
  return view;
}

@InterfaceType({
  description: 'Anything in the graph. `relationships` and `degree` are on every kind.',
  // GraphQL object type names are the Neo4j kind labels (Company, SanctionsList, …).
  resolveType: (value: EntityView) => KIND_LABEL[value.kind],
})
export abstract class Entity {
  @Field(() => ID, { description: 'Stable, human-readable slug, unique across all entities.' })
  id!: string;

  @Field(() => EntityKindEnum)
  kind!: EntityKind;

  @Field(() => String)
  name!: string;

  @Field(() => [String])
  aliases!: string[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 where it applies.' })
  country!: string | null;

  @Field(() => [String], { description: 'Names of the datasets that list this entity (imports).' })
  datasets!: string[];

  @Field(() => [String], { description: 'Ids this entity had in its source datasets, when they differ from ours.' })
  referents!: string[];

  @Field(() => String, { nullable: true, description: 'When a source dataset first listed it (partial ISO date).' })
  firstSeen!: string | null;

  @Field(() => String, { nullable: true, description: 'When a source dataset last listed it (partial ISO date).' })
  lastSeen!: string | null;

  @Field(() => String, { nullable: true, description: 'The page a source dataset took it from.' })
  sourceUrl!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Its FollowTheMoney schema: the one it was imported with (Vessel, BankAccount, Passport, …), else its kind’s. ' +
      'Null for datasets.',
  })
  schema!: string | null;

  @Field(() => [String], { description: 'FtM topics (`sanction`, `role.pep`, `crime.fin`, …) its source gives it.' })
  topics!: string[];
}

/** Dates and legal details of companies and organisations, from their FtM statement. */
const legalFields = {
  incorporationDate: 'Partial ISO dates it was incorporated (FtM incorporationDate).',
  dissolutionDate: 'Partial ISO dates it was dissolved (FtM dissolutionDate).',
  jurisdiction: 'Countries (ISO codes, lower case as in FtM) whose law it is registered under.',
  legalForm: 'Its legal form as the source states it ("LLC", "ООО", …).',
  status: 'Its registry status as the source states it ("active", "dissolved", …).',
} as const;

@ObjectType({ implements: Entity })
export class Company extends Entity {
  @Field(() => String, { nullable: true })
  sector!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => [String], { description: legalFields.incorporationDate })
  incorporationDate!: string[];

  @Field(() => [String], { description: legalFields.dissolutionDate })
  dissolutionDate!: string[];

  @Field(() => [String], { description: legalFields.jurisdiction })
  jurisdiction!: string[];

  @Field(() => [String], { description: legalFields.legalForm })
  legalForm!: string[];

  @Field(() => [String], { description: legalFields.status })
  status!: string[];
}

@ObjectType({ implements: Entity, description: 'A state, administration, agency or council.' })
export class Government extends Entity {
  @Field(() => String, { nullable: true })
  jurisdiction!: string | null;
}

@ObjectType({ implements: Entity })
export class SanctionsList extends Entity {
  @Field(() => String, { nullable: true })
  authority!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType({ implements: Entity })
export class Person extends Entity {
  @Field(() => String, { nullable: true })
  position!: string | null;

  @Field(() => [String], { description: 'Partial ISO dates of birth (FtM gives several when sources disagree).' })
  birthDate!: string[];

  @Field(() => [String], { description: 'Partial ISO dates of death.' })
  deathDate!: string[];

  @Field(() => [String], { description: 'Nationalities and citizenships (ISO codes, lower case as in FtM).' })
  nationality!: string[];

  @Field(() => [String], { description: 'male, female or other, as FtM spells them.' })
  gender!: string[];
}

@ObjectType({ implements: Entity, description: 'A country, region, city or continent.' })
export class Place extends Entity {
  @Field(() => PlaceTypeEnum, { nullable: true })
  placeType!: PlaceType | null;
}

@ObjectType({ implements: Entity, description: 'A publisher, NGO or other organisation.' })
export class Organization extends Entity {
  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => [String], { description: legalFields.incorporationDate })
  incorporationDate!: string[];

  @Field(() => [String], { description: legalFields.dissolutionDate })
  dissolutionDate!: string[];

  @Field(() => [String], { description: legalFields.jurisdiction })
  jurisdiction!: string[];

  @Field(() => [String], { description: legalFields.legalForm })
  legalForm!: string[];

  @Field(() => [String], { description: legalFields.status })
  status!: string[];
}

@ObjectType({ implements: Entity, description: 'A reported or proposed action, e.g. a deliberation.' })
export class Event extends Entity {
  @Field(() => String, { nullable: true, description: 'Partial ISO date.' })
  date!: string | null;
}

@ObjectType({ implements: Entity, description: 'A news article: the source of evidence.' })
export class Article extends Entity {
  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'Partial ISO date.' })
  publishedAt!: string | null;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field(() => String, { nullable: true, description: 'Our own summary, never the article text.' })
  summary!: string | null;

  @Field(() => [String])
  tags!: string[];
}

@ObjectType({ implements: Entity, description: 'A post or office people hold, e.g. a ministry (FtM Position).' })
export class Position extends Entity {}

@ObjectType({
  implements: Entity,
  description:
    'A published dataset (e.g. a sanctions list feed): the source of imported facts. Its name is the dataset name.',
})
export class Dataset extends Entity {
  @Field(() => String, { nullable: true, description: 'Where the dataset is published.' })
  url!: string | null;
}

@ObjectType({
  implements: Entity,
  description: 'A ship (FtM Vessel): its IMO number and MMSI are among its identifiers.',
})
export class Vessel extends Entity {}

@ObjectType({ implements: Entity, description: 'An aircraft (FtM Airplane).' })
export class Aircraft extends Entity {}

@ObjectType({
  implements: Entity,
  description:
    'A passport or other identity document (FtM Passport, Identification); IDENTIFIES links it to its holder.',
})
export class Identification extends Entity {}

@ObjectType({
  implements: Entity,
  description:
    'Anything else FollowTheMoney describes (securities, bank accounts, crypto wallets, real estate, contracts, ' +
    'court cases, notes, …): `schema` says which, `properties` holds what its source said.',
})
export class Thing extends Entity {}

export const ENTITY_OBJECT_TYPES = [
  Company,
  Government,
  SanctionsList,
  Person,
  Place,
  Organization,
  Event,
  Article,
  Position,
  Dataset,
  Vessel,
  Aircraft,
  Identification,
  Thing,
];

@ObjectType()
export class EntityEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Entity)
  node!: EntityView;
}

@ObjectType({ description: 'A page of entities (Relay connection).' })
export class EntityConnection {
  @Field(() => [EntityEdge])
  edges!: EntityEdge[];

  @Field(() => [Entity], { description: 'The nodes of `edges`, for clients that need no cursors.' })
  nodes!: EntityView[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All entities matching the filter, across pages.' })
  totalCount!: number;
}
