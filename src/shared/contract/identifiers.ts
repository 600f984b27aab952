import { z } from 'zod';

/**
 * Every identifier a request carries to an engine, checked here once, so what the contract lets
 * through is what an engine can be asked about: anything else is INVALID_INPUT with a reason, never
 * an engine error about a malformed request path.
 */

/**
 * Docker's and Podman's grammar for the names they create (containers, networks, volumes): moby's
 * `daemon/names.RestrictedNamePattern` and libnetwork's network-name check, Podman's `NameRegex`.
 * Engine ids are lowercase hex, so they and their prefixes fit it too.
 */
export const ENGINE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ENGINE_NAME_RULE = 'starts with a letter or digit, then letters, digits, _ . or -';

/** A name or id of something an engine created: a network, or the name of a new container. */
export const engineName = (what: string, max = 256) => z.string().min(1).max(max).regex(ENGINE_NAME_PATTERN, `${what} ${ENGINE_NAME_RULE}`);

/**
 * A reference to an existing container: its name, its id, or an id prefix. Looser than the name
 * grammar on purpose: a ref no engine could hold (`$(id)`, `ünïcode`) is still data, and the engine
 * answers "no such container". What it refuses is what would change the request instead: path and
 * query separators, whitespace and control characters, characters an HTTP request path cannot
 * carry (Node refuses anything past Latin-1), and a leading "-" a CLI would read as a flag.
 */
export const containerRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^/\\?#%]+$/, 'a container id or name has no slashes, ?, # or %')
  .regex(/^[!-~\u00a1-\u00ff]+$/, 'a container id or name has no spaces or control characters, and no characters beyond Latin-1')
  .regex(/^[^-]/, 'a container id or name does not start with "-"')
  // "." and ".." are path steps, not names: the engine's router cleans them away and redirects.
  .regex(/^(?!\.+$)/, 'a container id or name is not "." or ".."');

/**
 * An image reference, as distribution/reference parses it: `[host[:port]/]path[:tag][@digest]`,
 * lowercase path components, e.g. `nginx`, `localhost/ck-test:latest`,
 * `registry.example.com:5000/team/app@sha256:…`. An image id (hex) is a valid path too.
 */
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|-+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
export const IMAGE_REF_PATTERN = new RegExp(`^(?:${host}(?::[0-9]+)?/)?${pathComponent}(?:/${pathComponent})*(?::${tag})?(?:@${digest})?$`);

export const imageRef = z
  .string()
  .min(1)
  .max(512)
  .regex(IMAGE_REF_PATTERN, 'an image reference is [registry[:port]/]name[:tag][@sha256:digest], the name in lowercase, e.g. nginx:1.27');

/** An argv or environment entry of a process the engine starts: execve takes C strings, so no NUL. */
export const processArgument = z
  .string()
  .max(32_768)
  .regex(/^[^\0]*$/, 'a command argument or environment entry has no NUL character');
