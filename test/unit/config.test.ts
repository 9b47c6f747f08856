import path from 'node:path';
import { ConfigError, loadConfig, parseApiKeys } from '../../src/config';
import { NEO4J_DEV_HOME } from '../../src/paths';

describe('loadConfig', () => {
  it('has defaults that start the local Neo4j', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.apiKeys.size).toBe(0);
    expect(config.neo4j.sessions).toEqual({
      maxConcurrency: 40,
      queueLimit: 1000,
      queueTimeoutMs: 10000,
      maxRetryTimeMs: 10000,
    });
    expect(config.neo4j.localHome).toBe(NEO4J_DEV_HOME);
    expect(config.neo4j.localJvmArgs).toEqual([]);
  });

  it('resolves NEO4J_LOCAL_HOME and splits NEO4J_LOCAL_JVM_ARGS', () => {
    const config = loadConfig({
      NEO4J_LOCAL_HOME: 'tmp/neo4j',
      NEO4J_LOCAL_JVM_ARGS: ' -Xss1m  -XX:TieredStopAtLevel=1 ',
    });
    expect(config.neo4j.localHome).toBe(path.resolve('tmp/neo4j'));
    expect(config.neo4j.localJvmArgs).toEqual(['-Xss1m', '-XX:TieredStopAtLevel=1']);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI must start with/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ API_KEYS: 'abc:admin' }, /API_KEYS entries look like/],
    [{ NEO4J_LOCAL_HEAP: 'lots' }, /NEO4J_LOCAL_HEAP/],
    [{ NEO4J_MAX_CONCURRENCY: '51' }, /NEO4J_MAX_CONCURRENCY must be an integer between 1 and 50/],
    [{ NEO4J_LOCAL_HOME: '/tmp/a\nserver.http.enabled=true' }, /NEO4J_LOCAL_HOME/],
    [{ NEO4J_LOCAL_JVM_ARGS: '-Xss1m oops' }, /NEO4J_LOCAL_JVM_ARGS.*"oops"/],
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
