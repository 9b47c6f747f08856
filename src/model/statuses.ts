/**
 * How a relationship holds. Exposure and membership queries count only ACTIVE ones
 * unless asked otherwise; PROPOSED (considered, not taken) and ALLEGED never pass as ACTIVE.
 */
export const RELATIONSHIP_STATUSES = ['ACTIVE', 'PROPOSED', 'ALLEGED', 'ENDED', 'REPORTED'] as const;

export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

export function isRelationshipStatus(value: unknown): value is RelationshipStatus {
  return typeof value === 'string' && (RELATIONSHIP_STATUSES as readonly string[]).includes(value);
}

export const DIRECTIONS = ['OUTGOING', 'INCOMING', 'BOTH'] as const;
export type Direction = (typeof DIRECTIONS)[number];
