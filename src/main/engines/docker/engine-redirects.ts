import { createRequire } from 'node:module';

// Not named `require`: electron-vite declares that name in the ESM bundle it builds.
const loadCommonJs = createRequire(import.meta.url);

/**
 * An engine API never redirects a request the app makes on purpose. Its router does answer a
 * path holding "." or ".." with a 301, and docker-modem follows redirects by default, resolving
 * the Location against a URL whose host is then a path word ("json", "containers"): a DNS lookup
 * of that word and an HTTP request beyond this machine, whose failure nothing catches. With no
 * redirects allowed, a 3xx becomes an error on the original request, where the engine's error
 * mapping handles it.
 */
export function refuseEngineRedirects(): void {
  // docker-modem reads this module setting on every request (lib/http.js, based on follow-redirects).
  (loadCommonJs('docker-modem/lib/http.js') as { maxRedirects: number }).maxRedirects = 0;
}
