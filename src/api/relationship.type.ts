import { Field, ID, Int, ObjectType } from 'type-graphql';
import { isSymmetricType, type RelationshipType } from '../model/relationship-types';
import type { RelationshipStatus } from '../model/statuses';
import type { RelationshipRow } from '../store/records';
import { PageInfo } from './connection.type';
import { RelationshipStatusEnum, RelationshipTypeEnum } from './enums';

@ObjectType({ description: 'Who says so: an article and a short quote from it.' })
export class Evidence {
  /** Article id; resolved to the Article by the field resolver. */
  articleId!: string;

  @Field(() => String, { nullable: true, description: 'A short excerpt (at most ~30 words).' })
  quote!: string | null;
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

  @Field(() => Boolean, { description: 'Symmetric types (COMPETES_WITH, PARTNER_OF) read the same both ways.' })
  symmetric!: boolean;

  evidenceRows!: Evidence[];
}

export function toRelationshipView(row: RelationshipRow): Relationship {
  return {
    id: row.id,
    type: row.type,
    fromId: row.from,
    toId: row.to,
    status: row.status,
    since: row.since,
    until: row.until,
    description: row.description,
    symmetric: isSymmetricType(row.type),
    evidenceRows: row.evidence.map((evidence) => ({ articleId: evidence.article, quote: evidence.quote })),
  };
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
