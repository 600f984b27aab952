/**
 * `node --import <this file> out/main/web.js`: the browser-mode child under the same network
 * fence as the in-process fuzz. Each refusal is one stderr line the transport test looks for.
 */
import { installNetworkGuard } from './network-guard.mjs';

export const GUARD_MARK = '[ck-fuzz-network-guard]';
installNetworkGuard((what) => process.stderr.write(`${GUARD_MARK} blocked ${what}\n`));
