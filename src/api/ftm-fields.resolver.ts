import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { storedStatement } from '../store';
import type { ApiContext } from './context';
import { MAX_LINKED_DETAILS } from './linked-details';
import { Entity, type EntityView } from './entity.type';
import { Identifier, identifiersOfStatement, PropertiesArgs, Property, propertiesOf, valuesOf } from './ftm.type';

/* Fields every entity has from its FtM statement and the detail entities that hang off it. */

@Resolver(() => Entity)
export class FtmFieldsResolver {
  @FieldResolver(() => [Property], {
    description:
      'Every FtM property its source gave it (imported entities; [] for entities written through this API), ' +
      'so nothing an import reads is lost. Typed fields (`birthDate`, `identifiers`, …) read the same values.',
  })
  properties(@Root() entity: EntityView, @Args(() => PropertiesArgs) { names }: PropertiesArgs): Property[] {
    return propertiesOf(storedStatement(entity['ftm']), names);
  }

  @FieldResolver(() => [Identifier], {
    description:
      `Its identifiers: its own (LEI, INN, OGRN, IMO, tax and registration numbers, …) and those of up to ` +
      `${MAX_LINKED_DETAILS} identity documents that IDENTIFY it (passport and id numbers).`,
  })
  async identifiers(@Root() entity: EntityView, @Ctx() { loaders }: ApiContext): Promise<Identifier[]> {
    const own = identifiersOfStatement(storedStatement(entity['ftm']), null);
    const documents = await loaders
      .relationshipPage({ direction: 'INCOMING', types: ['IDENTIFIES'] }, MAX_LINKED_DETAILS, null, { endpoints: true })
      .load(entity.id);
    const rows = await loaders.entity.loadMany(documents.rows.map((row) => row.from));
    const theirs = rows.flatMap((row) =>
      row && !(row instanceof Error) ? identifiersOfStatement(storedStatement(row.properties['ftm']), row.id) : [],
    );
    return [...own, ...theirs];
  }

  @FieldResolver(() => [String], {
    description: `Its addresses: the FtM \`address\` texts, then the names of up to ${MAX_LINKED_DETAILS} addresses it HAS_ADDRESS.`,
  })
  async addresses(@Root() entity: EntityView, @Ctx() { loaders }: ApiContext): Promise<string[]> {
    const own = valuesOf(storedStatement(entity['ftm']), 'address');
    const linked = await loaders
      .relationshipPage({ direction: 'OUTGOING', types: ['HAS_ADDRESS'] }, MAX_LINKED_DETAILS, null, {
        endpoints: true,
      })
      .load(entity.id);
    const rows = await loaders.entity.loadMany(linked.rows.map((row) => row.to));
    const names = rows.flatMap((row) => (row && !(row instanceof Error) ? [row.name] : []));
    return [...new Set([...own, ...names])];
  }
}
