import { cypherInt, type CountingTransaction } from './cypher-runner';

/*
 * Striped write locks. The import path preflights (is this relationship id free? is this
 * symmetric fact stored already?) and then writes; two transactions could both find "free" and
 * both write, and Neo4j Community has no constraint spanning relationship types or directions.
 * So a writer first takes exclusive locks on lock nodes: the slot of each relationship id and of
 * each symmetric fact it writes. A second writer of the same id or fact waits until the first
 * commits, and its preflight (a new statement, read-committed) then sees the first one's edge.
 * A fixed number of slots makes the lock step one cheap statement per transaction however
 * large the batch (a bulk import takes at most every slot); unrelated keys sharing a slot only
 * wait for each other. Slots are taken in ascending order, so lockers never deadlock each other.
 * Chosen over locking endpoint nodes (misses one id reused between other endpoints) and over an
 * id ledger under a uniqueness constraint (a node and an index entry per relationship).
 */

/** Not `:Entity`: lock nodes never show in the graph. */
export const WRITE_LOCK_LABEL = 'WriteLock';
export const WRITE_LOCK_SLOTS = 1024;

/** FNV-1a: cheap, the same in every process, and spreads similar slugs over the slots. */
function slotOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0) % WRITE_LOCK_SLOTS;
}

export const relationshipIdKey = (id: string): string => `id ${id}`;

// MERGE rather than MATCH: a database emptied under a running service still locks (the
// constraint from the migrations makes concurrent creation of one slot safe). Writing a
// property takes the node's exclusive lock until commit; removing it again leaves no trace.
const LOCK_SLOTS = `UNWIND $slots AS slot
  MERGE (l:${WRITE_LOCK_LABEL} {slot: slot})
  SET l.held = true REMOVE l.held`;

/** Holds the slots of `keys` until `tx` ends. Call before reading what the keys guard. */
export async function lockWriteKeys(tx: CountingTransaction, keys: Iterable<string>): Promise<void> {
  const slots = [...new Set(Array.from(keys, slotOf))].sort((a, b) => a - b);
  if (slots.length === 0) return;
  await tx.run(LOCK_SLOTS, { slots: slots.map(cypherInt) });
}
