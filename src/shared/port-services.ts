/**
 * Well-known container ports and the host port people usually map them to. Port suggestions,
 * warnings (a database on all interfaces) and the UI's presets all read this one table.
 */
import type { PortProtocol, PortSpec } from './port-spec';

export interface CommonService {
  name: string;
  containerPort: number;
  protocol: PortProtocol;
  /** The host port people conventionally publish it on (never privileged, so rootless engines can bind it). */
  defaultHostPort: number;
  /** A database or data store: publishing it to the network invites login attempts and data theft. */
  database: boolean;
  /** What a browser link to it uses, when it speaks HTTP. */
  scheme?: 'http' | 'https';
}

const svc = (name: string, containerPort: number, defaultHostPort: number, database: boolean, scheme?: 'http' | 'https'): CommonService =>
  Object.freeze(
    scheme
      ? { name, containerPort, protocol: 'tcp' as const, defaultHostPort, database, scheme }
      : { name, containerPort, protocol: 'tcp' as const, defaultHostPort, database },
  );

export const COMMON_SERVICES: readonly CommonService[] = Object.freeze([
  // Web: the privileged ports move up by 8000, the convention (8080, 8443) every tutorial uses.
  svc('HTTP', 80, 8080, false, 'http'),
  svc('HTTPS', 443, 8443, false, 'https'),
  svc('SSH', 22, 2222, false),
  svc('Node.js dev server', 3000, 3000, false, 'http'),
  // Note: macOS 12+ runs AirPlay Receiver on 5000, so suggestions still check that it is free.
  svc('Flask / Python dev server', 5000, 5000, false, 'http'),
  svc('RabbitMQ management', 15672, 15672, false, 'http'),
  svc('RabbitMQ (AMQP)', 5672, 5672, false),
  // Databases and data stores: published to the network they are a favourite target.
  svc('MySQL / MariaDB', 3306, 3306, true),
  svc('PostgreSQL', 5432, 5432, true),
  svc('Redis', 6379, 6379, true),
  svc('MongoDB', 27017, 27017, true),
  svc('Microsoft SQL Server', 1433, 1433, true),
  svc('Elasticsearch', 9200, 9200, true, 'http'),
  svc('Memcached', 11211, 11211, true),
  svc('CouchDB', 5984, 5984, true, 'http'),
  svc('Cassandra', 9042, 9042, true),
]);

/** The service usually found on a container port, if it is a well-known one. */
export function serviceForPort(containerPort: number, protocol: PortProtocol = 'tcp'): CommonService | undefined {
  return COMMON_SERVICES.find((s) => s.containerPort === containerPort && s.protocol === protocol);
}

/** The database services among container ports start..end (a published range can include several). */
export function databasesInRange(start: number, end: number, protocol: PortProtocol = 'tcp'): CommonService[] {
  return COMMON_SERVICES.filter((s) => s.database && s.protocol === protocol && s.containerPort >= start && s.containerPort <= end);
}

export interface PortPreset {
  id: string;
  label: string;
  description: string;
  service: CommonService;
  spec: PortSpec;
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * One ready-made mapping per service for the UI. Bound to 127.0.0.1: reachable from this computer
 * only, which is what users ask for by default (and what keeps databases off the network).
 */
export const PORT_PRESETS: readonly PortPreset[] = Object.freeze(
  COMMON_SERVICES.map((s) =>
    Object.freeze({
      id: slug(s.name),
      label: `${s.name} (${s.defaultHostPort} → ${s.containerPort})`,
      description: `Publish container port ${s.containerPort} on 127.0.0.1:${s.defaultHostPort}${s.scheme ? `, open at ${s.scheme}://localhost:${s.defaultHostPort}` : ''}.`,
      service: s,
      spec: Object.freeze({
        hostIp: '127.0.0.1',
        hostPortStart: s.defaultHostPort,
        hostPortEnd: s.defaultHostPort,
        containerPortStart: s.containerPort,
        containerPortEnd: s.containerPort,
        protocol: s.protocol,
      }),
    }),
  ),
);
