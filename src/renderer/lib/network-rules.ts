import { validateNetworkSpec } from '../../shared/network-rules';
import type { NetworkRules } from './network-form';

/**
 * The CIDR rules the server applies too (gateway and range inside the subnet, no overlap with this
 * engine's networks), so the form says the same thing before it is sent. Host routes are only
 * known to the server: a subnet that shadows one is refused there, and shown under the field.
 */
export const networkRules: NetworkRules = validateNetworkSpec;
