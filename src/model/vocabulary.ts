/**
 * The model's second front door, for the explorer: the graph's vocabulary (kinds, relationship
 * types, statuses, FtM topics) without the modules that need Node (the FtM tables hash ids with node:crypto).
 */
export * from './entity-kinds';
export * from './ftm-topics';
export * from './relationship-types';
export * from './statuses';
