export * from './bulk-import';
export * from './ndjson-import';
export * from './screen-records';
export * from './screen-file';
export * from './article-file';
