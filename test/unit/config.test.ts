import { ConfigError, loadConfig, parseApiKeys } from '../../src/config';

describe('loadConfig', () => {
  it('has defaults that start the local Neo4j', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.apiKeys.size).toBe(0);
    expect(config.neo4j.sessions).toEqual({ maxConcurrency: 40, queueLimit: 1000, queueTimeoutMs: 10000 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI must start with/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ API_KEYS: 'abc:admin' }, /API_KEYS entries look like/],
    [{ NEO4J_LOCAL_HEAP: 'lots' }, /NEO4J_LOCAL_HEAP/],
    [{ NEO4J_MAX_CONCURRENCY: '51' }, /NEO4J_MAX_CONCURRENCY must be an integer between 1 and 50/],
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
