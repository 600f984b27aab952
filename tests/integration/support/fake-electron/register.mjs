/**
 * `node --import ./register.mjs out/main/index.js`: before the main process loads, maps the bare
 * specifier `electron` to the in-memory stand-in (./electron.mjs). Nothing else is redirected.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
