import {
  cleanFtmProperties,
  FtmFlaw,
  identifiersOf,
  InvalidInputError,
  isFtmSchema,
  kindOfSchema,
  normalizeIdentifier,
  stringLists,
  type EntityKind,
} from '../model';
import type { MatchSubject } from './score';

/** Who to look for, as an API query, a CSV row or an FtM line gives it: typed fields, FtM properties, or both. */
export interface MatchInput {
  kind?: EntityKind | null;
  names?: readonly string[] | null;
  birthDate?: readonly string[] | null;
  countries?: readonly string[] | null;
  identifiers?: readonly string[] | null;
  schema?: string | null;
  properties?: Record<string, unknown> | null;
}

/**
 * A query as the scorer reads it: its typed fields and its FtM properties, merged. `label` names
 * it in errors (`queries[3]`, `line 12`): an InvalidInputError for a bad schema or properties, or
 * for a query with no name.
 */
export function subjectOf(input: MatchInput, label: string): MatchSubject {
  const subject = {
    kind: input.kind ?? null,
    names: [...(input.names ?? [])],
    birthDates: [...(input.birthDate ?? [])],
    countries: [...(input.countries ?? [])],
    identifiers: (input.identifiers ?? []).map(normalizeIdentifier),
  };
  if (input.schema || input.properties) {
    if (!input.schema || !isFtmSchema(input.schema)) {
      throw new InvalidInputError(`${label}.schema must be an FtM schema when properties are given`);
    }
    let properties;
    try {
      properties = cleanFtmProperties(input.schema, stringLists(input.properties));
    } catch (error) {
      if (error instanceof FtmFlaw) throw new InvalidInputError(`${label}.properties: ${error.message}`);
      throw error;
    }
    const values = (...names: string[]) => names.flatMap((name) => properties[name] ?? []);
    subject.kind ??= kindOfSchema(input.schema);
    subject.names.push(...values('name', 'alias', 'weakAlias', 'previousName'));
    subject.birthDates.push(...values('birthDate'));
    subject.countries.push(...values('country', 'nationality', 'citizenship', 'jurisdiction', 'mainCountry'));
    subject.identifiers.push(...identifiersOf(input.schema, properties).map((identifier) => identifier.normalized));
  }
  if (subject.names.length === 0) throw new InvalidInputError(`${label} needs a name (names or properties.name)`);
  return subject;
}
