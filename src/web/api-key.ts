/**
 * The editor's API key for the page's one write (New article's Submit). Kept in sessionStorage:
 * it lasts as long as the tab, is never put in the URL, and goes only with the write.
 */

const STORAGE_KEY = 'entity-graph.apiKey';

export function storedApiKey(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    // Storage refused (a privacy setting): the key lives in the field only.
    return '';
  }
}

export function storeApiKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // As above: nothing to keep it in.
  }
}

/** The header a write sends: none without a key (a service with ALLOW_ANONYMOUS_WRITES needs none). */
export function authorization(key: string): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}
