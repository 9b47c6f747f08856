export * from './bulk-import';
export * from './ndjson-import';
