/**
 * Module-resolution hook (runs on Node's loader thread): `import ... from 'electron'` resolves to the
 * stand-in instead of the real package, whose entry would try to download Electron's binary.
 * Only ESM imports pass through here; the built main is ESM and imports `electron` nowhere else.
 */
const STAND_IN = new URL('./electron.mjs', import.meta.url).href;

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
