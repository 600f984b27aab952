import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';

/**
 * dockerode pastes an id into the request path as it is (`'/networks/' + id + '/connect'`): a name
 * holding `/` or `?` would change which endpoint is called (`front/disconnect?` turned a connect
 * into a disconnect), and a character past Latin-1 makes Node refuse to send the request. The
 * contract already refuses such names; every id still reaches the engine as one encoded path
 * segment, through these two functions and no other way.
 */
export const containerAt = (docker: Docker, id: string): Docker.Container => docker.getContainer(pathSegment(id, 'container'));

export const networkAt = (docker: Docker, id: string): Docker.Network => docker.getNetwork(pathSegment(id, 'network'));

/**
 * "." and ".." survive encoding, and the engine's router answers them with a redirect to another
 * path; nothing of that name can exist, so it is "not found" before any request is made.
 */
function pathSegment(id: string, what: string): string {
  if (/^\.*$/.test(id)) throw new AppError('NOT_FOUND', `No such ${what}: "${id}"`);
  return encodeURIComponent(id);
}
