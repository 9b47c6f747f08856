/** Bounds of `match`, without decorators: the query cost reads them before any schema class loads. */
export const MAX_MATCH_QUERIES = 100;
export const MAX_MATCH_RESULTS = 20;
export const DEFAULT_MATCH_RESULTS = 5;
