export * from './entity-kinds';
export * from './errors';
export * from './ftm';
export * from './graph-document';
export * from './partial-date';
export * from './relationship-types';
export * from './statuses';
export * from './validate-document';
