import {
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { isPartialDate } from '../model';
import { pageSize } from '../store';
import type { EntityRow } from '../store';
import type { Loaders } from './loaders';
import { selectionOf, type EntityRelationshipsArgs } from './relationship.args';

/**
 * The fields asked for on every entity of type `typeName` in `selections`, through inline
 * fragments and fragment spreads on that type; fields under a directive (@skip, @include) are left out.
 */
function unconditionalFields(
  selections: SelectionSetNode | undefined,
  typeName: string,
  info: GraphQLResolveInfo,
  seen = new Set<string>(),
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selections?.selections ?? []) {
    if (selection.directives?.length) continue;
    if (selection.kind === Kind.FIELD) {
      fields.push(selection);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== typeName)) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      if (seen.has(selection.name.value)) continue;
      seen.add(selection.name.value);
    }
    fields.push(...unconditionalFields(fragment.selectionSet, typeName, info, seen));
  }
  return fields;
}

/** Names of the fields asked for on every object of type `typeName` under `fields`. */
function fieldNamesUnder(fields: readonly FieldNode[], typeName: string, info: GraphQLResolveInfo): FieldNode[] {
  return fields.flatMap((field) => unconditionalFields(field.selectionSet, typeName, info));
}

/**
 * Whether a relationship connection field (`fields`, merged under one response name) asks for
 * the edges' endpoints: then its page reads them in the same query instead of a level later.
 */
export function asksForEndpoints(fields: readonly FieldNode[], info: GraphQLResolveInfo): boolean {
  const edges = fieldNamesUnder(fields, 'RelationshipConnection', info);
  const relationships = [
    ...edges.filter((field) => field.name.value === 'nodes'),
    ...fieldNamesUnder(
      edges.filter((field) => field.name.value === 'edges'),
      'RelationshipEdge',
      info,
    ).filter((field) => field.name.value === 'node'),
  ];
  return fieldNamesUnder(relationships, 'Relationship', info).some(
    (field) => field.name.value === 'from' || field.name.value === 'to',
  );
}

/**
 * Starts the loads of the entity `id`'s `relationships` and `degree` fields at once, instead of
 * one round trip after the entity: their queries need only the id. The first relationships page
 * also reads the entity itself, its degree and the page's endpoints in its own queries; the
 * promise of that page is returned, for the entity's resolver to take the entity from. Field
 * resolvers then find the loads in the per-request loaders' caches. A field whose arguments
 * validation would refuse is left to its resolver.
 */
export function prefetchEntityFields(
  info: GraphQLResolveInfo,
  id: string,
  loaders: Loaders,
): Promise<{ entity?: EntityRow }> | undefined {
  const entityType = getNamedType(info.returnType);
  if (!isInterfaceType(entityType)) return undefined;
  const definitions = entityType.getFields();
  const quiet = (load: Promise<unknown>): void => void load.catch(() => undefined);
  const fields = info.fieldNodes.flatMap((node) => unconditionalFields(node.selectionSet, entityType.name, info));
  const degree = fields.some((field) => field.name.value === 'degree');
  let entityPage: Promise<{ entity?: EntityRow }> | undefined;
  for (const field of fields) {
    if (field.name.value !== 'relationships') continue;
    let args: EntityRelationshipsArgs;
    let first: number;
    try {
      args = getArgumentValues(definitions.relationships, field, info.variableValues) as EntityRelationshipsArgs;
      first = pageSize(args.first);
    } catch {
      continue;
    }
    if (args.asOf !== null && args.asOf !== undefined && !isPartialDate(args.asOf)) continue;
    const extras = { degree: degree && !entityPage, endpoints: asksForEndpoints([field], info) };
    const page = loaders.relationshipPage(selectionOf(args), first, args.after, extras).load(id);
    quiet(page);
    entityPage ??= page;
  }
  if (degree && !entityPage) quiet(loaders.degree.load(id));
  return entityPage;
}
