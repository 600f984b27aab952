import { describe, expect, it } from 'vitest';
import { PortSpecSchema } from '../../src/shared/contract/ports';
import { portWarnings } from '../../src/shared/port-rules';
import { COMMON_SERVICES, databasesInRange, PORT_PRESETS, serviceForPort } from '../../src/shared/port-services';
import { formatPortSpec, parsePortSpec } from '../../src/shared/port-spec';

describe('COMMON_SERVICES', () => {
  it('has the usual mappings', () => {
    const map = Object.fromEntries(COMMON_SERVICES.map((s) => [s.name, [s.containerPort, s.defaultHostPort, s.database]]));
    expect(map).toMatchObject({
      HTTP: [80, 8080, false],
      HTTPS: [443, 8443, false],
      'MySQL / MariaDB': [3306, 3306, true],
      PostgreSQL: [5432, 5432, true],
      Redis: [6379, 6379, true],
      MongoDB: [27017, 27017, true],
      'Microsoft SQL Server': [1433, 1433, true],
      Elasticsearch: [9200, 9200, true],
      Memcached: [11211, 11211, true],
      'RabbitMQ (AMQP)': [5672, 5672, false],
    });
  });

  it('never defaults to a privileged host port, and never has two entries for one port', () => {
    for (const s of COMMON_SERVICES) expect(s.defaultHostPort).toBeGreaterThanOrEqual(1024);
    const keys = COMMON_SERVICES.map((s) => `${s.containerPort}/${s.protocol}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives web services a scheme for browser links', () => {
    expect(serviceForPort(80)?.scheme).toBe('http');
    expect(serviceForPort(443)?.scheme).toBe('https');
    expect(serviceForPort(5432)?.scheme).toBeUndefined();
  });

  it('is frozen so no caller can change it for everyone', () => {
    expect(Object.isFrozen(COMMON_SERVICES)).toBe(true);
    expect(Object.isFrozen(COMMON_SERVICES[0])).toBe(true);
  });
});

describe('lookups', () => {
  it('serviceForPort matches port and protocol', () => {
    expect(serviceForPort(6379)?.name).toBe('Redis');
    expect(serviceForPort(6379, 'udp')).toBeUndefined();
    expect(serviceForPort(12345)).toBeUndefined();
  });

  it('databasesInRange finds every database a range covers', () => {
    expect(databasesInRange(3000, 6500).map((s) => s.name)).toEqual(['MySQL / MariaDB', 'PostgreSQL', 'Redis', 'CouchDB']);
    expect(databasesInRange(80, 443)).toEqual([]);
  });
});

describe('PORT_PRESETS', () => {
  it('has one valid, loopback-only, warning-free spec per service', () => {
    expect(PORT_PRESETS).toHaveLength(COMMON_SERVICES.length);
    expect(new Set(PORT_PRESETS.map((p) => p.id)).size).toBe(PORT_PRESETS.length);
    for (const preset of PORT_PRESETS) {
      expect(PortSpecSchema.parse(preset.spec)).toEqual(preset.spec);
      expect(preset.spec.hostIp).toBe('127.0.0.1');
      expect(parsePortSpec(formatPortSpec(preset.spec))).toEqual(preset.spec);
      expect(portWarnings(preset.spec)).toEqual([]);
    }
  });

  it('labels presets for the UI', () => {
    const http = PORT_PRESETS.find((p) => p.id === 'http');
    expect(http?.label).toBe('HTTP (8080 → 80)');
    expect(http?.description).toBe('Publish container port 80 on 127.0.0.1:8080, open at http://localhost:8080.');
    expect(formatPortSpec(http!.spec)).toBe('127.0.0.1:8080:80');
    expect(PORT_PRESETS.find((p) => p.id === 'mysql-mariadb')?.service.database).toBe(true);
  });
});
