export * from './names';
export * from './score';
export * from './keys';
export * from './subject';
