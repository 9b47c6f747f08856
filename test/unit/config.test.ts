import { ConfigError, loadConfig, parseApiKeys } from '../../src/config';

describe('loadConfig', () => {
  it('has defaults that start the local Neo4j', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.apiKeys.size).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI must start with/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ API_KEYS: 'abc:admin' }, /API_KEYS entries look like/],
    [{ NEO4J_LOCAL_HEAP: 'lots' }, /NEO4J_LOCAL_HEAP/],
  ])('rejects %p with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('parses API keys with roles', () => {
    expect([...parseApiKeys('k1:editor, k2:reader')]).toEqual([
      ['k1', 'editor'],
      ['k2', 'reader'],
    ]);
  });
});
