import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printApiSchema } from '../../src/api/schema';

describe('schema/schema.graphql', () => {
  it('matches the SDL built from the type-graphql classes (run `npm run schema` after API changes)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printApiSchema());
  });
});
