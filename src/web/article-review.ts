import { endpointsAllowed, type EntityKind, type RelationshipStatus } from '../model/vocabulary';
import type {
  DraftEntity,
  DraftRelationship,
  ExtractionData,
  IngestInputData,
  ProposedEntityData,
  ProposedRelationshipData,
} from './queries';
import { kindLabel } from './style';
import { plural } from './text';

/** Every proposal starts pending: nothing reaches the graph until a person has said yes to it. */
export type Decision = 'pending' | 'accepted' | 'rejected';

/** A row of the review: a proposed entity or a proposed relationship. */
export interface RowRef {
  kind: 'entity' | 'relationship';
  id: string;
}

/** What may change of a new name; a stored entity is taken as it is. */
export interface EntityEdit {
  name: string;
  kind: EntityKind;
}

export interface RelationshipEdit {
  status: RelationshipStatus;
  /** Partial ISO date, or '' for none. */
  since: string;
}

/** What Submit sends, and what it leaves out. */
export interface IngestPlan {
  input: IngestInputData;
  rejectedRelationships: number;
  /** New names no accepted relationship uses (rejected, or left with no relationship). */
  leftOutEntities: number;
}

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** 2021, 2021-03 or 2021-03-15, as the graph keeps dates (the service checks the day exists). */
export const isPartialDate = (text: string): boolean => PARTIAL_DATE.test(text);

/**
 * One article's proposals under review: a decision per entity and relationship, the edits made,
 * and the `ingest` input they make. A rejected entity rejects its relationships; a new entity is
 * written only when an accepted relationship uses it. Touches neither the page nor the network.
 */
export class ArticleReview {
  private readonly decisions = new Map<string, Decision>();
  private readonly entityEdits = new Map<string, EntityEdit>();
  private readonly relationshipEdits = new Map<string, RelationshipEdit>();
  private readonly proposed: Map<string, ProposedEntityData>;

  constructor(
    readonly extraction: ExtractionData,
    /** The article's title, which names the article's end of MENTIONS and byline links. */
    private readonly title: string,
  ) {
    this.proposed = new Map(extraction.entities.map((entity) => [entity.id, entity]));
    for (const entity of extraction.entities) {
      this.decisions.set(key({ kind: 'entity', id: entity.id }), 'pending');
      if (!entity.entity) this.entityEdits.set(entity.id, { name: entity.name, kind: entity.kind });
    }
    for (const relationship of extraction.relationships) {
      this.decisions.set(key({ kind: 'relationship', id: relationship.id }), 'pending');
      this.relationshipEdits.set(relationship.id, { status: relationship.status, since: relationship.since ?? '' });
    }
  }

  get entities(): readonly ProposedEntityData[] {
    return this.extraction.entities;
  }

  get relationships(): readonly ProposedRelationshipData[] {
    return this.extraction.relationships;
  }

  /** The row's own decision (a relationship may still be rejected by one of its entities: see `rejectedBy`). */
  decision(row: RowRef): Decision {
    return this.decisions.get(key(row)) ?? 'pending';
  }

  decide(row: RowRef, decision: Decision): void {
    if (this.decisions.has(key(row))) this.decisions.set(key(row), decision);
  }

  /** The rejected entity at one end of a relationship, which rejects it whatever its own decision. */
  rejectedBy(relationship: ProposedRelationshipData): ProposedEntityData | undefined {
    return [relationship.from.id, relationship.to.id]
      .map((id) => this.proposed.get(id))
      .find((entity) => entity !== undefined && this.decision({ kind: 'entity', id: entity.id }) === 'rejected');
  }

  /** What counts: the relationship's own decision unless an entity of it is rejected. */
  effective(relationship: ProposedRelationshipData): Decision {
    return this.rejectedBy(relationship) ? 'rejected' : this.decision({ kind: 'relationship', id: relationship.id });
  }

  /** A new name's edit; undefined for a stored entity. */
  entityEdit(id: string): EntityEdit | undefined {
    return this.entityEdits.get(id);
  }

  editEntity(id: string, edit: Partial<EntityEdit>): void {
    const current = this.entityEdits.get(id);
    if (current) this.entityEdits.set(id, { ...current, ...edit });
  }

  relationshipEdit(id: string): RelationshipEdit | undefined {
    return this.relationshipEdits.get(id);
  }

  editRelationship(id: string, edit: Partial<RelationshipEdit>): void {
    const current = this.relationshipEdits.get(id);
    if (current) this.relationshipEdits.set(id, { ...current, ...edit });
  }

  /** An end's name as edited; the article's end is its title. */
  nameOf(end: { id: string; name: string }): string {
    if (end.id === this.extraction.articleId) return this.title;
    return this.entityEdits.get(end.id)?.name.trim() || end.name;
  }

  private kindOf(end: { id: string; kind: EntityKind }): EntityKind {
    return this.entityEdits.get(end.id)?.kind ?? end.kind;
  }

  /** Rows still waiting for a decision; a relationship its rejected entity decided is not one. */
  get pending(): number {
    const entities = this.entities.filter(
      (entity) => this.decision({ kind: 'entity', id: entity.id }) === 'pending',
    ).length;
    const relationships = this.relationships.filter(
      (relationship) => this.effective(relationship) === 'pending',
    ).length;
    return entities + relationships;
  }

  /**
   * Makes every pending row accepted (the "Accept the rest" button and Shift+Y), but for the
   * relationships of a rejected entity: they stay undecided, should the entity come back.
   */
  acceptPending(): void {
    const rows: RowRef[] = [
      ...this.entities.map((entity): RowRef => ({ kind: 'entity', id: entity.id })),
      ...this.relationships
        .filter((relationship) => !this.rejectedBy(relationship))
        .map((relationship): RowRef => ({ kind: 'relationship', id: relationship.id })),
    ];
    for (const row of rows) if (this.decision(row) === 'pending') this.decide(row, 'accepted');
  }

  /** Why Submit cannot send yet, each in a sentence; empty when it can. */
  problems(): string[] {
    const problems: string[] = [];
    if (this.pending > 0)
      problems.push(
        `${plural(this.pending, 'proposal')} still pending: accept or reject each (Shift+Y accepts them all).`,
      );
    const accepted = this.relationships.filter((relationship) => this.effective(relationship) === 'accepted');
    const used = new Set(accepted.flatMap((relationship) => [relationship.from.id, relationship.to.id]));
    for (const [id, edit] of this.entityEdits)
      if (used.has(id) && !edit.name.trim()) problems.push(`A new entity (id ${id}) has no name.`);
    for (const relationship of accepted) {
      const edit = this.relationshipEdits.get(relationship.id);
      const label = `${this.nameOf(relationship.from)} ${relationship.type} ${this.nameOf(relationship.to)}`;
      if (edit && edit.since && !PARTIAL_DATE.test(edit.since))
        problems.push(`${label}: “since” is a date as 2021, 2021-03 or 2021-03-15.`);
      const [from, to] = [this.kindOf(relationship.from), this.kindOf(relationship.to)];
      if (!endpointsAllowed(relationship.type, from, to))
        problems.push(`${label}: ${relationship.type} does not go from a ${kindLabel(from)} to a ${kindLabel(to)}.`);
    }
    return problems;
  }

  /** The draft, cut to what was accepted, with the edits applied: `ingest`'s input. */
  plan(): IngestPlan {
    const { draft } = this.extraction;
    const byId = new Map(this.relationships.map((relationship) => [relationship.id, relationship]));
    const isAccepted = (draftRelationship: DraftRelationship): boolean => {
      const relationship = byId.get(draftRelationship.id);
      return relationship !== undefined && this.effective(relationship) === 'accepted';
    };
    const relationships = draft.relationships.filter(isAccepted).map((relationship) => this.edited(relationship));
    const used = new Set(relationships.flatMap((relationship) => [relationship.from, relationship.to]));
    const entities = draft.entities.filter((entity) => used.has(entity.id)).map((entity) => this.editedEntity(entity));
    return {
      input: { article: draft.article, entities, relationships },
      rejectedRelationships: draft.relationships.length - relationships.length,
      leftOutEntities: draft.entities.length - entities.length,
    };
  }

  private editedEntity(entity: DraftEntity): DraftEntity {
    const edit = this.entityEdits.get(entity.id);
    return edit ? { ...entity, name: edit.name.trim(), kind: edit.kind } : entity;
  }

  private edited(relationship: DraftRelationship): DraftRelationship {
    const edit = this.relationshipEdits.get(relationship.id);
    if (!edit) return relationship;
    // The draft's own `since` goes: the field holds it, or was emptied to say there is none.
    const { since: _proposed, ...rest } = relationship;
    const since = edit.since.trim();
    return { ...rest, status: edit.status, ...(since && { since }) };
  }
}

const key = (row: RowRef): string => `${row.kind}:${row.id}`;
