import {
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { isPartialDate } from '../model/partial-date';
import { pageSize } from '../store/cursor';
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

/**
 * Starts the loads of the entity `id`'s `relationships` and `degree` fields alongside the load
 * of the entity itself, instead of one round trip later: their queries need only the id. The
 * field resolvers then find the same loads in the per-request loaders' caches, so each nesting
 * level still costs one query. A field whose arguments validation would refuse is left to its resolver.
 */
export function prefetchEntityFields(info: GraphQLResolveInfo, id: string, loaders: Loaders): void {
  const entityType = getNamedType(info.returnType);
  if (!isInterfaceType(entityType)) return;
  const definitions = entityType.getFields();
  const quiet = (load: Promise<unknown>): void => void load.catch(() => undefined);
  const fields = info.fieldNodes.flatMap((node) => unconditionalFields(node.selectionSet, entityType.name, info));
  for (const field of fields) {
    if (field.name.value === 'degree') quiet(loaders.degree.load(id));
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
    quiet(loaders.relationshipPage(selectionOf(args), first, args.after).load(id));
  }
}
