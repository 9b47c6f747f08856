import { Field, ID, Int, ObjectType } from 'type-graphql';
import { evidenceSource, isArticleEvidence, isSymmetricType, type RelationshipType } from '../model';
import type { RelationshipStatus } from '../model';
import { storedStatement, type RelationshipRow } from '../store';
import { PageInfo } from './connection.type';
import { RelationshipStatusEnum, RelationshipTypeEnum } from './enums';
import { valuesOf } from './ftm.type';

@ObjectType({
  description:
    'Who says so: an article with a short quote, or a dataset (an import) with where and when it saw the fact. ' +
    '`source` is set for every piece of evidence; `article` only when the source is an article.',
})
export class Evidence {
  /** Id of the ARTICLE or DATASET; resolved by the field resolvers. */
  sourceId!: string;
  isArticle!: boolean;

  @Field(() => String, { nullable: true, description: 'A short excerpt (at most ~30 words).' })
  quote!: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset evidence: the page the dataset took the fact from.' })
  sourceUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset evidence: when the dataset first stated it.' })
  firstSeen!: string | null;

  @Field(() => String, { nullable: true, description: 'Dataset evidence: when the dataset last stated it.' })
  lastSeen!: string | null;
}

@ObjectType({ description: 'A typed, sourced, time-bounded link between two entities.' })
export class Relationship {
  @Field(() => ID)
  id!: string;

  @Field(() => RelationshipTypeEnum)
  type!: RelationshipType;

  /** Endpoint ids; `from`/`to` fields resolve them through the entity loader. */
  fromId!: string;
  toId!: string;

  @Field(() => RelationshipStatusEnum)
  status!: RelationshipStatus;

  @Field(() => String, { nullable: true, description: 'Partial ISO date the relationship starts.' })
  since!: string | null;

  @Field(() => String, { nullable: true, description: 'Partial ISO date it ends (inclusive).' })
  until!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'The capacity in which it holds ("director", "spouse", …).' })
  role!: string | null;

  @Field(() => Boolean, { description: 'Symmetric types (COMPETES_WITH, PARTNER_OF) read the same both ways.' })
  symmetric!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The FtM schema it was imported from (Ownership, Sanction, Payment, …); null when written here.',
  })
  schema!: string | null;

  @Field(() => [String], {
    description: 'Amounts its FtM source states (Debt, Payment, ContractAward, Ownership shares…).',
  })
  amount!: string[];

  @Field(() => [String], { description: 'Currencies of those amounts (ISO 4217 as the source gives them).' })
  currency!: string[];

  /** The FtM statement (JSON) of an imported edge; `properties` reads it. */
  ftmJson!: string | null;

  evidenceRows!: Evidence[];
}

function statementFields(json: string | undefined): Pick<Relationship, 'schema' | 'amount' | 'currency' | 'ftmJson'> {
  const statement = storedStatement(json);
  return {
    schema: statement?.schema ?? null,
    amount: [...valuesOf(statement, 'amount'), ...valuesOf(statement, 'sharesValue')],
    currency: [...valuesOf(statement, 'currency'), ...valuesOf(statement, 'sharesCurrency')],
    ftmJson: json ?? null,
  };
}

/** Instances of the GraphQL classes: type-graphql copies any other root into a new one on every field resolver call. */
export function toRelationshipView(row: RelationshipRow): Relationship {
  return Object.assign(new Relationship(), {
    id: row.id,
    type: row.type,
    fromId: row.from,
    toId: row.to,
    status: row.status,
    since: row.since,
    until: row.until,
    description: row.description,
    role: row.role ?? null,
    symmetric: isSymmetricType(row.type),
    ...statementFields(row.ftmJson),
    evidenceRows: row.evidence.map((evidence) => {
      const dataset = isArticleEvidence(evidence) ? undefined : evidence;
      return Object.assign(new Evidence(), {
        sourceId: evidenceSource(evidence),
        isArticle: dataset === undefined,
        quote: evidence.quote || null,
        sourceUrl: dataset?.url ?? null,
        firstSeen: dataset?.firstSeen ?? null,
        lastSeen: dataset?.lastSeen ?? null,
      });
    }),
  });
}

@ObjectType()
export class RelationshipEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Relationship)
  node!: Relationship;
}

@ObjectType({ description: 'A page of relationships (Relay connection).' })
export class RelationshipConnection {
  @Field(() => [RelationshipEdge])
  edges!: RelationshipEdge[];

  @Field(() => [Relationship], { description: 'The nodes of `edges`, for clients that need no cursors.' })
  nodes!: Relationship[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All relationships matching the selection, across pages.' })
  totalCount!: number;
}
