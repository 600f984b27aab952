import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * A stand-in for Electron's binary: it records its working directory and arguments, one per line,
 * in the file named by CK_STANDIN_LOG, and exits. Only the Chromium shell is replaced; npm,
 * electron-vite, Electron's installer and electron-builder are the real ones.
 */
const STAND_IN = `#!/bin/sh
{ printf 'cwd=%s\\n' "$PWD"; for a in "$@"; do printf 'arg=%s\\n' "$a"; done; printf 'end\\n'; } >>"\${CK_STANDIN_LOG:-/dev/null}"
`;

export interface StandInRelease {
  version: string;
  zipName: string;
  /** Folder holding the zip and SHASUMS256.txt, laid out as `<mirror>/v<version>/`. */
  dir: string;
}

/** An Electron "release" for this platform, as Electron's release pages serve it. */
export async function makeStandInRelease(root: string, version: string): Promise<StandInRelease> {
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(STAND_IN), 'electron', { mode: 0o100755 });
  zip.addBuffer(Buffer.from(`v${version}`), 'version', { mode: 0o100644 });
  zip.addBuffer(Buffer.from('Stand-in for tests; not Electron.\n'), 'LICENSE', { mode: 0o100644 });
  zip.end();
  const zipPath = join(root, zipName);
  await finished(zip.outputStream.pipe(createWriteStream(zipPath)));
  const sha = createHash('sha256')
    .update(await readFile(zipPath))
    .digest('hex');
  await writeFile(join(root, 'SHASUMS256.txt'), `${sha} *${zipName}\n`);
  return { version, zipName, dir: root };
}

export interface Mirror {
  /** Ends with `/`, as ELECTRON_MIRROR expects. */
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the release on 127.0.0.1 under `/v<version>/`, and nothing else. */
export async function serveMirror(release: StandInRelease): Promise<Mirror> {
  const requests: string[] = [];
  const files = new Map([
    [`/v${release.version}/${release.zipName}`, join(release.dir, release.zipName)],
    [`/v${release.version}/SHASUMS256.txt`, join(release.dir, 'SHASUMS256.txt')],
  ]);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
