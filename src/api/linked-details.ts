/** Identity documents and addresses read per entity for `identifiers` and `addresses`: a bound the query cost counts on. */
export const MAX_LINKED_DETAILS = 50;
