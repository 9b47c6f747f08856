export * from './names';
export * from './score';
