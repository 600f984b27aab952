/** Browser mode only: the server prints a URL carrying `?token=…`; the token must not linger in it. */

export const TOKEN_STORAGE_KEY = 'containerKit.token';

export interface TokenEnv {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

function splitHash(hash: string): { path: string; params: URLSearchParams } {
  const q = hash.indexOf('?');
  return q < 0 ? { path: hash, params: new URLSearchParams() } : { path: hash.slice(0, q), params: new URLSearchParams(hash.slice(q + 1)) };
}

function withQuery(base: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/**
 * Takes the token from `?token=` in the search or in the hash query (hash routing puts it there),
 * keeps it in sessionStorage so a reload still works, and rewrites the visible URL without it so it
 * does not end up in screenshots, history or bookmarks.
 */
export function takeToken(env: TokenEnv): string | null {
  const search = new URLSearchParams(env.location.search);
  const hash = splitHash(env.location.hash);
  const token = search.get('token') || hash.params.get('token');

  if (token) {
    safely(() => env.storage.setItem(TOKEN_STORAGE_KEY, token));
    search.delete('token');
    hash.params.delete('token');
    const url = withQuery(env.location.pathname, search) + withQuery(hash.path, hash.params);
    // Keep history.state: vue-router stores its navigation position there.
    env.history.replaceState(env.history.state, '', url);
    return token;
  }
  return safely(() => env.storage.getItem(TOKEN_STORAGE_KEY)) ?? null;
}

/** Storage throws when the browser disables it; the token from the URL still serves this page. */
function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export function takeTokenFromWindow(): string | null {
  // Reading `window.sessionStorage` itself may throw, so it is only touched inside `safely`.
  const storage = {
    getItem: (key: string) => window.sessionStorage.getItem(key),
    setItem: (key: string, value: string) => window.sessionStorage.setItem(key, value),
  };
  return takeToken({ location: window.location, history: window.history, storage });
}
