/**
 * The fuzz tests' network fence: while installed, this process may open TCP connections and send
 * UDP datagrams only to loopback, to this machine's own interface addresses and to unix sockets,
 * and may look up no host name but `localhost`. Anything else is refused before a packet leaves
 * (the socket fails with ECONNREFUSED, the lookup with ENOTFOUND) and reported to `onBlocked`:
 * a fuzzed request that makes the app reach out of the machine is a finding, never traffic.
 *
 * Plain JavaScript, so the browser-mode child (`node --import …/network-guard-preload.mjs
 * out/main/web.js`) loads it as it is.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { networkInterfaces } from 'node:os';

const LOCAL_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost']);

function localAddresses() {
  const out = new Set();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

/** Loopback, the wildcard (which connect() reads as loopback) or one of this machine's addresses. */
export function isLocalAddress(host) {
  if (typeof host !== 'string') return false;
  const h = host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/%.*$/, '');
  if (LOCAL_NAMES.has(h)) return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  if (net.isIPv4(v4)) return v4.startsWith('127.') || v4 === '0.0.0.0' || localAddresses().has(v4);
  if (net.isIPv6(h)) return h === '::1' || h === '::' || localAddresses().has(h);
  return false;
}

/** The host a Socket#connect call aims at, or null for a unix socket path. */
function targetOf(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // node's own normalized form: [options, cb]
  if (first && typeof first === 'object') {
    if (first.path !== undefined) return null;
    return { host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a path
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return { host, port: first };
}

let installed = null;

export function installNetworkGuard(onBlocked) {
  if (installed) throw new Error('network guard already installed');
  const originals = {
    connect: net.Socket.prototype.connect,
    lookup: dns.lookup,
    promisesLookup: dns.promises.lookup,
    send: dgram.Socket.prototype.send,
  };
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const target = targetOf(args);
    if (target && !isLocalAddress(target.host)) {
      const what = `TCP connect to ${target.host}:${target.port}`;
      onBlocked(what);
      const err = Object.assign(new Error(`network guard refused ${what}`), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return originals.connect.apply(this, args);
  };
  dns.lookup = function guardedLookup(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    if (!isLocalAddress(hostname)) {
      onBlocked(`DNS lookup of ${JSON.stringify(hostname)}`);
      const err = Object.assign(new Error(`network guard refused a lookup of ${hostname}`), { code: 'ENOTFOUND', hostname });
      process.nextTick(() => cb(err));
      return {};
    }
    return originals.lookup.call(this, hostname, options, callback);
  };
  dns.promises.lookup = async function guardedPromisesLookup(hostname, options) {
    if (!isLocalAddress(hostname)) {
      onBlocked(`DNS lookup of ${JSON.stringify(hostname)}`);
      throw Object.assign(new Error(`network guard refused a lookup of ${hostname}`), { code: 'ENOTFOUND', hostname });
    }
    return originals.promisesLookup.call(this, hostname, options);
  };
  dgram.Socket.prototype.send = function guardedSend(...args) {
    // send(msg[, offset, length], port[, address][, callback]): the address is the first string after the port.
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    if (address !== undefined && !isLocalAddress(address)) {
      onBlocked(`UDP datagram to ${address}`);
      const cb = args.find((a) => typeof a === 'function');
      if (cb) process.nextTick(() => cb(Object.assign(new Error('network guard refused a datagram'), { code: 'ECONNREFUSED' })));
      return;
    }
    return originals.send.apply(this, args);
  };
  installed = originals;
  return function uninstall() {
    net.Socket.prototype.connect = originals.connect;
    dns.lookup = originals.lookup;
    dns.promises.lookup = originals.promisesLookup;
    dgram.Socket.prototype.send = originals.send;
    installed = null;
  };
}
