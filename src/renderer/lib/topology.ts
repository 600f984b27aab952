import type { Container, Network, PortBinding } from '../../shared/contract';
import { formatHostPort } from '../../shared/host-address';
import { containerKey, displayName, stateTone, type StateTone } from './containers';
import { portHref } from './ports';
import { subnetsText } from './networks';

/**
 * The network map as plain data (cytoscape's element JSON), built without a DOM so it can be
 * tested alone. Nodes are networks (hubs), containers and published host ports; edges join a
 * container to each network it is on (labelled with its address there) and a port to the
 * container publishing it.
 */

export type TopologyNodeKind = 'network' | 'container' | 'port';

export interface TopologyNodeData {
  id: string;
  kind: TopologyNodeKind;
  /** What the canvas draws: short lines, joined by '\n'. */
  label: string;
  /** The whole label on one line, for the accessible list and tests. */
  text: string;
  /** Ring for the concentric layout, higher is further in: networks in use 3, containers 2, host ports and idle networks 1. */
  ring: number;
  /** Box size, estimated from the label so the label fits inside and the layout can avoid overlaps. */
  w: number;
  h: number;
  engineId?: string;
  /** Containers: the store key; networks: the network name. */
  ref?: string;
  state?: string;
  tone?: StateTone;
  isDefault?: boolean;
  /** Ports: what clicking opens; null when it is not a web port (udp/sctp). */
  href?: string | null;
}

export interface TopologyEdgeData {
  id: string;
  source: string;
  target: string;
  kind: 'attach' | 'publish';
  label: string;
}

export interface Topology {
  nodes: { data: TopologyNodeData }[];
  edges: { data: TopologyEdgeData }[];
}

export interface TopologyInput {
  containers: readonly Container[];
  networks: readonly Network[];
}

const CHAR_PX = 6.6;
const LINE_PX = 14;
const MAX_LINE = 28;

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

function box(lines: string[], minW: number): { label: string; w: number; h: number } {
  const shown = lines.filter(Boolean).map(clip);
  const longest = Math.max(...shown.map((l) => l.length), 1);
  return { label: shown.join('\n'), w: Math.max(minW, Math.round(longest * CHAR_PX + 20)), h: shown.length * LINE_PX + 14 };
}

export const networkNodeId = (engineId: string, name: string) => `net:${engineId}#${name}`;
export const containerNodeId = (c: Pick<Container, 'engineId' | 'id'>) => `ctr:${containerKey(c)}`;

/** `*:8080`, `127.0.0.1:8443`, `[::1]:8080/udp`: the IPv4 and IPv6 "every address" twins read the same. */
export function hostPortLabel(p: Pick<PortBinding, 'hostIp' | 'hostPort' | 'protocol'>): string {
  return `${formatHostPort(p.hostIp, String(p.hostPort))}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
}

/** The networks a container is on, by name, with its address on each (none for host/none modes). */
function attachmentsOf(c: Container): { network: string; networkId: string | null; ip: string | null }[] {
  if (c.networks.length) return c.networks.map((n) => ({ network: n.network, networkId: n.networkId, ip: n.ipAddress || n.ipv6Address || null }));
  // Engines that report no attachments still name the mode; 'default' and container:<id> name no node.
  const mode = c.networkMode;
  return mode && mode !== 'default' && !mode.startsWith('container:') ? [{ network: mode, networkId: null, ip: null }] : [];
}

export function buildTopology({ containers, networks }: TopologyInput): Topology {
  const nodes: { data: TopologyNodeData }[] = [];
  const edges: { data: TopologyEdgeData }[] = [];
  const netIds = new Map<string, string>(); // `${engineId}#${id or name}` → node id
  // Looked up once per network and per attachment: a set keeps a map of hundreds of networks linear.
  const networkNodes = new Set<string>();

  const addNetwork = (engineId: string, name: string, n: Network | null): string => {
    const id = networkNodeId(engineId, name);
    if (networkNodes.has(id)) return id;
    networkNodes.add(id);
    const sub = n ? subnetsText(n) : '';
    // The canvas shows name and subnet only: every extra character widens all rings (see map-style).
    const { label, w: textW, h } = box([name, sub], 90);
    const w = textW + 24; // a hexagon's slanted sides take room from the text
    const text = [`network ${name}`, n?.driver, sub].filter(Boolean).join(' ');
    nodes.push({ data: { id, kind: 'network', label, text, ring: 3, w, h, engineId, ref: name, isDefault: n?.isDefault ?? false } });
    return id;
  };

  const sortedNetworks = [...networks].sort((a, b) => a.engineId.localeCompare(b.engineId) || a.name.localeCompare(b.name));
  for (const n of sortedNetworks) {
    const id = addNetwork(n.engineId, n.name, n);
    netIds.set(`${n.engineId}#${n.name}`, id).set(`${n.engineId}#${n.id}`, id);
  }

  // Containers follow the order of their first network, so each network's containers sit together
  // on their ring, across from it: the edges then run mostly outward instead of across the map.
  const netOrder = new Map(nodes.map((x, i) => [x.data.id, i]));
  const placed = containers.map((c) => {
    const links = attachmentsOf(c).map((a) => {
      const target = netIds.get(`${c.engineId}#${a.networkId ?? ''}`) ?? netIds.get(`${c.engineId}#${a.network}`) ?? addNetwork(c.engineId, a.network, null);
      netIds.set(`${c.engineId}#${a.network}`, target);
      return { target, ip: a.ip };
    });
    return { c, links, order: Math.min(...links.map((l) => netOrder.get(l.target) ?? nodes.length), Infinity) };
  });
  placed.sort((a, b) => a.order - b.order || displayName(a.c).localeCompare(displayName(b.c)) || a.c.engineId.localeCompare(b.c.engineId));

  const ports = new Map<string, { data: TopologyNodeData }>();
  const published = new Set<string>();
  for (const { c, links } of placed) {
    const id = containerNodeId(c);
    const name = displayName(c);
    const ips = [...new Set(links.map((l) => l.ip).filter((ip): ip is string => !!ip))];
    // One address per line: a tall box is cheaper than a wide one, since the widest node sets the
    // spacing of every ring. Past three, the rest is counted (the list and detail panel have them all).
    const shown = ips.length > 3 ? [...ips.slice(0, 2), `+${ips.length - 2} more`] : ips;
    const { label, w, h } = box([name, ...shown], 80);
    nodes.push({
      data: {
        id,
        kind: 'container',
        label,
        text: [name, ...ips].join(' '),
        ring: 2,
        w,
        h,
        engineId: c.engineId,
        ref: containerKey(c),
        state: c.state,
        tone: stateTone(c.state),
      },
    });
    for (const l of new Map(links.map((x) => [x.target, x])).values()) {
      edges.push({ data: { id: `att:${id}>${l.target}`, source: id, target: l.target, kind: 'attach', label: l.ip ?? '' } });
    }
    for (const b of c.ports) {
      if (b.hostPort === null) continue;
      const text = hostPortLabel(b);
      const portId = `port:${text}`;
      if (!ports.has(portId)) {
        const web = b.protocol === 'tcp';
        const sized = box([text], 60);
        ports.set(portId, {
          data: {
            id: portId,
            kind: 'port',
            label: sized.label,
            text,
            ring: 1,
            w: sized.w,
            h: sized.h,
            href: web ? portHref(b.hostPort, b.containerPort) : null,
          },
        });
      }
      const edgeId = `pub:${portId}>${id}`;
      if (published.has(edgeId)) continue;
      published.add(edgeId);
      edges.push({ data: { id: edgeId, source: portId, target: id, kind: 'publish', label: `→${b.containerPort}` } });
    }
  }
  // Networks nobody is on join the host ports on the outer ring, after them: the hubs in the middle
  // are then only the ones with containers, which keeps that ring small and each container near
  // its hub, and they cost no ring of their own.
  const used = new Set(edges.map((e) => e.data.target));
  const idle = new Set(nodes.filter((n) => n.data.kind === 'network' && !used.has(n.data.id)));
  for (const n of idle) n.data.ring = 1;
  return { nodes: [...nodes.filter((n) => !idle.has(n)), ...ports.values(), ...idle], edges };
}

/** Changes only when a node appears or goes away: what decides whether to lay the map out again. */
export function nodeSignature(t: Topology): string {
  return t.nodes
    .map((n) => n.data.id)
    .sort()
    .join('\n');
}
