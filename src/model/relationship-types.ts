import { ENTITY_KINDS, type EntityKind } from './entity-kinds';

export interface RelationshipTypeSpec {
  /** Kinds allowed at the start of the edge. */
  readonly from: readonly EntityKind[];
  /** Kinds allowed at the end of the edge. */
  readonly to: readonly EntityKind[];
  /** Symmetric types are stored once and read in both directions. */
  readonly symmetric: boolean;
  readonly description: string;
}

const ANY = ENTITY_KINDS;
const ACTORS: readonly EntityKind[] = ['COMPANY', 'PERSON', 'ORGANIZATION', 'GOVERNMENT'];
const BODIES: readonly EntityKind[] = ['COMPANY', 'ORGANIZATION', 'GOVERNMENT'];
/** What FtM lets one own (its Asset range, with organisations): companies, vessels, aircraft, other things. */
const ASSETS: readonly EntityKind[] = ['COMPANY', 'ORGANIZATION', 'VESSEL', 'AIRCRAFT', 'THING', 'PLACE'];

/** Kinds that act in the world: everything but sources (articles, datasets). */
const WORLD_KINDS: readonly EntityKind[] = ENTITY_KINDS.filter((kind) => kind !== 'ARTICLE' && kind !== 'DATASET');

/**
 * The registry of relationship types: the only source of type names that ever reach Cypher.
 * The FollowTheMoney mapping (both ways) is in src/model/ftm.ts.
 */
export const RELATIONSHIP_TYPES = {
  LISTED_ON: {
    // Vessels, aircraft, wallets and other things are listed too, not only parties.
    from: WORLD_KINDS.filter((kind) => kind !== 'SANCTIONS_LIST'),
    to: ['SANCTIONS_LIST'],
    symmetric: false,
    description: 'Entity is on a sanctions or restrictions list.',
  },
  BLACKLISTED_BY: {
    from: ACTORS,
    to: ['GOVERNMENT'],
    symmetric: false,
    description: 'Entity was blacklisted by a government.',
  },
  ADMINISTERED_BY: {
    from: ['SANCTIONS_LIST'],
    to: ['GOVERNMENT'],
    symmetric: false,
    description: 'List is maintained by a government or agency.',
  },
  COMPETES_WITH: { from: ['COMPANY'], to: ['COMPANY'], symmetric: true, description: 'Companies compete in a market.' },
  PARTNER_OF: { from: BODIES, to: BODIES, symmetric: true, description: 'Parties work together.' },
  SUPPLIES: {
    from: ['COMPANY', 'ORGANIZATION'],
    to: BODIES,
    symmetric: false,
    description: 'Supplier provides goods or services to a customer.',
  },
  OPERATES_IN: {
    from: BODIES,
    to: ['PLACE'],
    symmetric: false,
    description: 'Entity does business or is used in a place.',
  },
  HEADQUARTERED_IN: { from: BODIES, to: ['PLACE'], symmetric: false, description: 'Entity is based in a place.' },
  PART_OF: {
    from: ['PLACE', 'GOVERNMENT', 'ORGANIZATION'],
    to: ['PLACE', 'GOVERNMENT', 'ORGANIZATION'],
    symmetric: false,
    description: 'Part of a larger whole.',
  },
  GOVERNS: {
    from: ['GOVERNMENT'],
    to: ['PLACE'],
    symmetric: false,
    description: 'Government has jurisdiction over a place.',
  },
  LEADS: { from: ['PERSON'], to: BODIES, symmetric: false, description: 'Person leads a government or organisation.' },
  INVOLVES: {
    from: ['EVENT'],
    to: ANY,
    symmetric: false,
    description: 'Event concerns an entity (FtM Event.involved).',
  },
  ORGANIZED_BY: {
    from: ['EVENT'],
    to: ACTORS,
    symmetric: false,
    description: 'Event was organised by a party (FtM Event.organizer).',
  },
  REPORTED: {
    from: ['ORGANIZATION', 'PERSON'],
    to: ['EVENT'],
    symmetric: false,
    description: 'Publisher or person reported an event.',
  },
  ALLEGED_ABUSES_IN: {
    from: ['GOVERNMENT'],
    to: ['PLACE'],
    symmetric: false,
    description: 'Government is alleged to commit abuses in a place.',
  },
  MENTIONS: { from: ['ARTICLE'], to: ANY, symmetric: false, description: 'Article names an entity.' },
  PUBLISHED_BY: {
    from: ['ARTICLE'],
    to: ['ORGANIZATION'],
    symmetric: false,
    description: 'Article was published by an organisation (FtM Article/Document publisher).',
  },
  AUTHORED_BY: {
    from: ['ARTICLE'],
    to: ['PERSON'],
    symmetric: false,
    description: 'Article was written by a person (FtM Article/Document author).',
  },
  SYNDICATED_FROM: {
    from: ['ARTICLE'],
    to: ['ORGANIZATION', 'PERSON'],
    symmetric: false,
    description: 'Article was syndicated from another source.',
  },
  OWNS: {
    from: ACTORS,
    to: ASSETS,
    symmetric: false,
    description: 'Owner holds shares in an asset (FtM Ownership).',
  },
  DIRECTS: {
    from: ACTORS,
    to: ['COMPANY', 'ORGANIZATION'],
    symmetric: false,
    description: 'Director of an organisation (FtM Directorship).',
  },
  MEMBER_OF: {
    from: ACTORS,
    to: BODIES,
    symmetric: false,
    description: 'Member of an organisation (FtM Membership).',
  },
  EMPLOYED_BY: {
    from: ['PERSON'],
    to: BODIES,
    symmetric: false,
    description: 'Employee of an employer (FtM Employment).',
  },
  FAMILY_OF: {
    from: ['PERSON'],
    to: ['PERSON'],
    symmetric: true,
    description: 'Relatives; `role` says how (FtM Family).',
  },
  ASSOCIATE_OF: {
    from: ['PERSON'],
    to: ['PERSON'],
    symmetric: true,
    description: 'Close associates (FtM Associate).',
  },
  REPRESENTS: {
    from: ACTORS,
    to: ACTORS,
    symmetric: false,
    description: 'Agent acts for a client (FtM Representation).',
  },
  HOLDS_POSITION: {
    from: ['PERSON'],
    to: ['POSITION'],
    symmetric: false,
    description: 'Person holds or held a post (FtM Occupancy).',
  },
  SUCCEEDED_BY: {
    from: ACTORS,
    to: ACTORS,
    symmetric: false,
    description: 'Predecessor was succeeded by a successor (FtM Succession).',
  },
  OWES: {
    from: WORLD_KINDS,
    to: WORLD_KINDS,
    symmetric: false,
    description: 'Debtor owes a creditor; amount and currency in its properties (FtM Debt).',
  },
  PAID: {
    from: WORLD_KINDS,
    to: WORLD_KINDS,
    symmetric: false,
    description: 'Payer paid a beneficiary; amount, currency and purpose in its properties (FtM Payment).',
  },
  PARTICIPATES_IN: {
    from: WORLD_KINDS,
    to: ['THING'],
    symmetric: false,
    description: 'Participant in a project (FtM ProjectParticipant).',
  },
  AWARDED_TO: {
    from: ['THING'],
    to: WORLD_KINDS,
    symmetric: false,
    description: 'Contract was awarded to a supplier (FtM ContractAward).',
  },
  DOCUMENTS: {
    from: ['ARTICLE'],
    to: ENTITY_KINDS,
    symmetric: false,
    description: 'Document concerns an entity (FtM Documentation).',
  },
  CONTROLS: {
    from: ACTORS,
    to: ASSETS,
    symmetric: false,
    description: 'Controller has control over an entity without owning it (FtM Control).',
  },
  PARTY_TO: {
    from: WORLD_KINDS,
    to: ['THING'],
    symmetric: false,
    description: 'Party to a court case (FtM CourtCaseParty).',
  },
  IDENTIFIES: {
    from: ['IDENTIFICATION'],
    to: WORLD_KINDS,
    symmetric: false,
    description: 'A passport or identity document of its holder (FtM Identification.holder).',
  },
  HAS_ADDRESS: {
    from: WORLD_KINDS,
    to: ['PLACE'],
    symmetric: false,
    description: 'Entity is at an address (FtM addressEntity).',
  },
  ABOUT: {
    from: WORLD_KINDS,
    to: ENTITY_KINDS,
    symmetric: false,
    description: 'A note, risk, tax roll entry or mention about an entity (FtM Note, Risk, TaxRoll, Mention).',
  },
  LINKED_TO: {
    from: WORLD_KINDS,
    to: WORLD_KINDS,
    symmetric: true,
    description: 'Some other link; `role` says which (FtM UnknownLink).',
  },
} as const satisfies Record<string, RelationshipTypeSpec>;

export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;

export const RELATIONSHIP_TYPE_NAMES = Object.keys(RELATIONSHIP_TYPES) as RelationshipType[];

export function isRelationshipType(value: unknown): value is RelationshipType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RELATIONSHIP_TYPES, value);
}

/** Symmetric types are stored once and read the same both ways. */
export function isSymmetricType(type: RelationshipType): boolean {
  return RELATIONSHIP_TYPES[type].symmetric;
}

export function relationshipSpec(type: RelationshipType): RelationshipTypeSpec {
  return RELATIONSHIP_TYPES[type];
}

/** Whether `from -[type]-> to` is allowed for these kinds (either way round for symmetric types). */
export function endpointsAllowed(type: RelationshipType, from: EntityKind, to: EntityKind): boolean {
  const spec: RelationshipTypeSpec = RELATIONSHIP_TYPES[type];
  const forward = spec.from.includes(from) && spec.to.includes(to);
  return forward || (spec.symmetric && spec.from.includes(to) && spec.to.includes(from));
}
