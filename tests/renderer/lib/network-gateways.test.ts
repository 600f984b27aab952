import { describe, expect, it } from 'vitest';
import { subnetsWithGateways } from '../../../src/renderer/lib/network-gateways';
import { PODMAN, container, network, userNetwork } from '../support/fixtures';

const NO_GATEWAY = [{ subnet: '10.251.0.0/24', gateway: null, ipRange: null }];
const on = (id: string, ip: string, gateway: string | null, extra = {}) =>
  container({ id, name: id, networks: [network('nogw', ip, { networkId: 'nogw-id', gateway, ...extra })] });

describe('subnet gateways', () => {
  it('keeps the gateway the engine recorded', () => {
    const n = userNetwork('nogw', { subnets: [{ subnet: '10.251.0.0/24', gateway: '10.251.0.254', ipRange: null }] });
    expect(subnetsWithGateways(n, [on('a', '10.251.0.3', '10.251.0.1')])).toEqual([
      { subnet: '10.251.0.0/24', gateway: '10.251.0.254', ipRange: null, derived: false },
    ]);
  });

  it('takes the one gateway the attached containers report, matched by network id or name', () => {
    const n = userNetwork('nogw', { subnets: NO_GATEWAY });
    const byName = on('b', '10.251.0.4', '10.251.0.1', { networkId: null });
    expect(subnetsWithGateways(n, [on('a', '10.251.0.3', '10.251.0.1'), byName])).toEqual([
      { subnet: '10.251.0.0/24', gateway: '10.251.0.1', ipRange: null, derived: true },
    ]);
  });

  it('stays unknown without containers, when they disagree, or with gateways outside the subnet or on another engine', () => {
    const n = userNetwork('nogw', { subnets: NO_GATEWAY });
    const unknown = [{ subnet: '10.251.0.0/24', gateway: null, ipRange: null, derived: false }];
    expect(subnetsWithGateways(n, [])).toEqual(unknown);
    expect(subnetsWithGateways(n, [on('a', '10.251.0.3', '10.251.0.1'), on('b', '10.251.0.4', '10.251.0.2')])).toEqual(unknown);
    expect(subnetsWithGateways(n, [on('a', '10.251.0.3', '192.168.0.1')])).toEqual(unknown);
    expect(subnetsWithGateways(n, [{ ...on('a', '10.251.0.3', '10.251.0.1'), engineId: PODMAN }])).toEqual(unknown);
    expect(subnetsWithGateways(n, [on('a', '10.251.0.3', 'not an address')])).toEqual(unknown);
  });
});
