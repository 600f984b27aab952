import type Docker from 'dockerode';

/**
 * dockerode pastes an id into the request path as it is (`'/networks/' + id + '/connect'`): a name
 * holding `/` or `?` would change which endpoint is called (`front/disconnect?` turned a connect
 * into a disconnect), and a character past Latin-1 makes Node refuse to send the request. The
 * contract already refuses such names; every id still reaches the engine as one encoded path
 * segment, through these two functions and no other way.
 */
export const containerAt = (docker: Docker, id: string): Docker.Container => docker.getContainer(encodeURIComponent(id));

export const networkAt = (docker: Docker, id: string): Docker.Network => docker.getNetwork(encodeURIComponent(id));
