import type { Container, Network } from '../../../src/shared/contract';
import { DOCKER, container, network, port, userNetwork } from './fixtures';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A fleet for the map: `count` containers spread over `nets` networks. Every container is on one
 * network, every third on a second one too, every fourth publishes a host port, every fifth is
 * stopped; the addresses are the ones the engine would hand out.
 */
export function fleet(count = 50, nets = 10): { containers: Container[]; networks: Network[] } {
  const networks = Array.from({ length: nets }, (_, i) =>
    userNetwork(`net-${pad(i)}`, { id: `netid-${pad(i)}`, subnets: [{ subnet: `10.30.${i}.0/24`, gateway: `10.30.${i}.1`, ipRange: null }] }),
  );
  const containers = Array.from({ length: count }, (_, i) => {
    const first = i % nets;
    const attachments = [network(`net-${pad(first)}`, `10.30.${first}.${10 + i}`, { networkId: `netid-${pad(first)}` })];
    if (i % 3 === 0) {
      const second = (i + 3) % nets;
      attachments.push(network(`net-${pad(second)}`, `10.30.${second}.${100 + i}`, { networkId: `netid-${pad(second)}` }));
    }
    return container({
      engineId: DOCKER,
      id: `c${pad(i)}`,
      name: `service-with-a-longer-name-${pad(i)}`,
      state: i % 5 === 4 ? 'exited' : 'running',
      ports: i % 4 === 0 ? [port(8000 + i, 80), port(8000 + i, 80, { hostIp: '::' })] : [],
      networks: attachments,
      networkMode: attachments[0].network,
    });
  });
  return { containers, networks };
}
