import { ArgsType, Field, ObjectType } from 'type-graphql';
import { ArrayMaxSize, Length } from 'class-validator';
import { identifiersOf, type FtmIdentifier, type FtmStatement } from '../model';

/* What an entity or relationship imported from FollowTheMoney keeps of its source line, as GraphQL reads it. */

@ObjectType({ description: 'One FtM property of an imported entity or relationship, with every value it has.' })
export class Property {
  @Field(() => String, { description: 'The FtM property name (`birthDate`, `imoNumber`, `amount`, …).' })
  name!: string;

  @Field(() => [String], { description: 'Its values as FtM normalises them (dates partial ISO, countries ISO codes).' })
  values!: string[];
}

@ObjectType({ description: 'An identifier of an entity: its own (LEI, INN, IMO, …) or one of its identity documents.' })
export class Identifier {
  @Field(() => String, {
    description:
      'LEI, INN, OGRN, IMO, TAX, REGISTRATION, PASSPORT, ID, VAT, BIC, ISIN, DUNS, OKPO, KPP, MMSI, IBAN, SSN, ' +
      'WIKIDATA; any other identifier property of FtM is its own scheme under its FtM name (e.g. `callSign`).',
  })
  scheme!: string;

  @Field(() => String, { description: 'As the source gave it.' })
  value!: string;

  @Field(() => String, { description: 'Upper case, letters and digits only: what `hasIdentifier` compares.' })
  normalized!: string;

  @Field(() => String, { description: 'The FtM property it came from (`leiCode`, `number`, …).' })
  property!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The identity document (a Passport or Identification entity) it is on, if not the entity itself.',
  })
  documentId!: string | null;
}

@ArgsType()
export class PropertiesArgs {
  @Field(() => [String], { nullable: true, description: 'Only these FtM properties (default: all it has).' })
  @ArrayMaxSize(100)
  @Length(1, 100, { each: true })
  names?: string[] | null;
}

/** The statement's properties as GraphQL lists them: those named (in that order), else all, by name. */
export function propertiesOf(
  statement: FtmStatement | undefined,
  names: readonly string[] | null | undefined,
): Property[] {
  if (statement === undefined) return [];
  const wanted = names ?? Object.keys(statement.properties).sort();
  return wanted.flatMap((name) => {
    const values = Object.prototype.hasOwnProperty.call(statement.properties, name)
      ? statement.properties[name]
      : undefined;
    return values === undefined ? [] : [Object.assign(new Property(), { name, values })];
  });
}

/** A property's values, [] when the statement has none. */
export const valuesOf = (statement: FtmStatement | undefined, name: string): string[] =>
  (statement !== undefined && Object.prototype.hasOwnProperty.call(statement.properties, name)
    ? statement.properties[name]
    : undefined) ?? [];

export function identifiersOfStatement(statement: FtmStatement | undefined, documentId: string | null): Identifier[] {
  if (statement === undefined) return [];
  return identifiersOf(statement.schema, statement.properties).map((identifier: FtmIdentifier) =>
    Object.assign(new Identifier(), { ...identifier, documentId }),
  );
}
