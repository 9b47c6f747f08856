export * from './export-request';
export * from './formats';
