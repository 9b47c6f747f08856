import { readFileSync } from 'node:fs';
import { printApiSchema } from '../../src/api/schema';
import { SCHEMA_FILE } from '../../src/paths';

describe('schema/schema.graphql', () => {
  it('matches the SDL built from the type-graphql classes (run `npm run schema` after API changes)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(await printApiSchema());
  });
});
