import type Docker from 'dockerode';

/** Every container and network a bench creates carries this label, so a run can sweep its leftovers. */
export const BENCH_LABEL = 'io.container-kit.bench';
export const BENCH_IMAGE = 'localhost/ck-test:latest';

/** Removes what earlier or interrupted bench runs left on one engine: containers, then networks. */
export async function removeBenchObjects(docker: Docker): Promise<void> {
  const filters = { label: [BENCH_LABEL] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
}
