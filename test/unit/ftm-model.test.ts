import {
  FTM_MODEL_VERSION,
  FTM_SCHEMA_NAMES,
  isFtmSchema,
  schemaEdge,
  schemaProperties,
  schemaRequired,
} from '../../src/model/ftm-schema';
import { cleanFtmProperties, identifiersOf, normalizeIdentifier } from '../../src/model/ftm-values';
import { FtmFlaw } from '../../src/model/ftm';
import { mapFtmEntity } from '../../src/ingest/ftm-to-graph';
import { kindOfSchema } from '../../src/model/ftm';

const OPTIONS = { today: '2025-01-01', defaultDataset: 'file' };

/** A line of `schema` with each required property (and a name where it has one) filled in. */
function minimalLine(schema: string): Record<string, unknown> {
  const properties: Record<string, string[]> = {};
  for (const name of schemaRequired(schema)) {
    properties[name] = [schemaProperties(schema).get(name)?.type === 'entity' ? 'other-entity' : 'Some value'];
  }
  if (schemaProperties(schema).has('name')) properties['name'] = ['Some name'];
  const edge = schemaEdge(schema);
  if (edge) {
    properties[edge.source] = ['from-entity'];
    properties[edge.target] = ['to-entity'];
  }
  if (schema === 'Sanction') properties['programId'] = ['SOME-PROGRAM'];
  return { id: 'x1', schema, properties };
}

describe('the FtM model', () => {
  it(`is followthemoney ${FTM_MODEL_VERSION}'s, with its 71 schemata`, () => {
    expect(FTM_MODEL_VERSION).toMatch(/^4\./);
    expect(FTM_SCHEMA_NAMES).toHaveLength(71);
    expect(schemaProperties('Person').get('birthDate')).toEqual({ type: 'date' });
    expect(schemaEdge('Ownership')).toEqual({ source: 'owner', target: 'asset' });
    expect(isFtmSchema('Thing')).toBe(false); // abstract
    expect(isFtmSchema('constructor')).toBe(false);
  });

  const concrete = FTM_SCHEMA_NAMES.filter(isFtmSchema);
  it.each(concrete)('imports %s, none refused for its schema', (schema) => {
    const mapped = mapFtmEntity(minimalLine(schema), OPTIONS);
    const own = [...mapped.entities, ...mapped.relationships].find((record) => record.id === 'x1');
    expect(own?.ftm?.schema).toBe(schema);
  });

  it.each([
    ['Vessel', 'VESSEL'],
    ['Airplane', 'AIRCRAFT'],
    ['Passport', 'IDENTIFICATION'],
    ['Company', 'COMPANY'],
    ['PublicBody', 'GOVERNMENT'],
    ['LegalEntity', 'ORGANIZATION'],
    ['Trip', 'EVENT'],
    ['Email', 'ARTICLE'],
    ['BankAccount', 'THING'],
    ['CryptoWallet', 'THING'],
    ['Security', 'THING'],
    ['RealEstate', 'THING'],
  ])('gives %s the kind %s', (schema, kind) => {
    expect(kindOfSchema(schema)).toBe(kind);
  });
});

describe('FtM values, typed on the way in', () => {
  const flaw = (schema: string, properties: Record<string, string[]>) => {
    try {
      cleanFtmProperties(schema, properties);
      return undefined;
    } catch (error) {
      if (error instanceof FtmFlaw) return error.message;
      throw error;
    }
  };

  it('lower-cases vocabularies, trims text, drops blanks and repeats', () => {
    expect(
      cleanFtmProperties('Person', {
        nationality: ['RU', 'ru'],
        topics: ['Sanction'],
        gender: ['Female'],
        name: ['  Ann Lee ', ''],
        birthDate: ['1970-05', '1970-05-03T10:00'],
      }),
    ).toEqual({
      nationality: ['ru'],
      topics: ['sanction'],
      gender: ['female'],
      name: ['Ann Lee'],
      birthDate: ['1970-05', '1970-05-03T10:00'],
    });
  });

  it.each([
    [{ birthDate: ['1970-13'] }, /birthDate.*not a date/],
    [{ nationality: ['Atlantis'] }, /not a known FtM country/],
    [{ topics: ['villain'] }, /not a known FtM topic/],
    [{ spouse: ['x'] }, /"spouse" is not a property of Person/],
    [{ addressEntity: ['not an id!'] }, /not a valid FtM id/],
    [{ name: ['\ud800'] }, /unpaired surrogate/],
  ])('refuses %j, saying why', (properties, message) => {
    expect(flaw('Person', properties)).toMatch(message);
  });

  it('finds identifiers by the model’s identifier type, keeping the original and its normalised form', () => {
    expect(identifiersOf('Company', { leiCode: ['5493 00ab'], name: ['X'], programId: ['P'] })).toEqual([
      { scheme: 'LEI', value: '5493 00ab', normalized: '549300AB', property: 'leiCode' },
    ]);
    expect(identifiersOf('Passport', { number: ['75 01'] })[0]).toMatchObject({
      scheme: 'PASSPORT',
      normalized: '7501',
    });
    expect(identifiersOf('Identification', { number: ['A-1'] })[0]).toMatchObject({ scheme: 'ID', normalized: 'A1' });
    expect(identifiersOf('Vessel', { callSign: ['UB 7'] })[0]).toMatchObject({ scheme: 'callSign' });
    expect(normalizeIdentifier('ÄB-12 x')).toBe('ÄB12X');
  });
});
