export * from './apollo';
export * from './auth';
export * from './change-hub';
export * from './context';
export * from './errors';
export * from './loaders';
export * from './query-limits';
export * from './schema';
