export * from './driver';
export * from './local-neo4j';
