/** Loopback, the wildcard or one of this machine's own addresses. */
export function isLocalAddress(host: string): boolean;
/** Fences this process's sockets and lookups to the machine; returns the function that lifts the fence. */
export function installNetworkGuard(onBlocked: (what: string) => void): () => void;
