import { describe, expect, it } from 'vitest';
import { inlineCode, looksLikeCommand, mergeResult, newRunId, statusLabel } from '../../../src/renderer/lib/checks';
import { isPermissionError, publishedText } from '../../../src/renderer/lib/firewall';
import { formatBytes, formatRate, pushRing } from '../../../src/renderer/lib/network-activity';
import { missingInputs, scenarioInfo } from '../../../src/renderer/lib/troubleshoot-scenarios';
import { checkResult } from '../support/fake-diagnostics';

describe('diagnostics helpers', () => {
  it('makes run ids the contract accepts', () => {
    const id = newRunId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(newRunId()).not.toBe(id);
  });

  it('places streamed results by their position in the run (unknown last, in arrival order), replacing by id', () => {
    const positions: Record<string, number> = { 'container-running': 0, 'outside-connectivity': 7 };
    const at = (id: string) => positions[id];
    let list = mergeResult([], checkResult('outside-connectivity', 'skipped'), at);
    list = mergeResult(list, checkResult('zzz-new', 'pass'), at);
    list = mergeResult(list, checkResult('container-running', 'pass'), at);
    list = mergeResult(list, checkResult('outside-connectivity', 'fail'), at);
    list = mergeResult(list, checkResult('zzz-later', 'pass'), at);
    expect(list.map((r) => [r.id, r.status])).toEqual([
      ['container-running', 'pass'],
      ['outside-connectivity', 'fail'],
      ['zzz-new', 'pass'],
      ['zzz-later', 'pass'],
    ]);
    expect(statusLabel(checkResult('x', 'fail', { timedOut: true }))).toBe('Timed out');
  });

  it('tells commands from sentences, and cuts sentences at their inline code', () => {
    expect(looksLikeCommand('docker restart web')).toBe(true);
    expect(looksLikeCommand('sudo ufw route allow proto tcp to any port 8080')).toBe(true);
    expect(looksLikeCommand('New-NetFirewallRule -DisplayName web -LocalPort 8080 -Protocol TCP -Action Allow')).toBe(true);
    expect(looksLikeCommand('docker network create backend\ndocker network connect backend web')).toBe(true);
    expect(looksLikeCommand('Start the server inside the container, or check its logs.')).toBe(false);
    expect(looksLikeCommand('restart it.')).toBe(false);
    expect(inlineCode('Run `docker logs web` to see why.')).toEqual([
      { text: 'Run ', code: false },
      { text: 'docker logs web', code: true },
      { text: ' to see why.', code: false },
    ]);
  });
});

describe('troubleshoot scenarios', () => {
  const draft = { hasContainer: false, hostPort: '', hasPeer: false };
  it('says what each scenario still needs', () => {
    expect(missingInputs(scenarioInfo('web-unreachable'), draft)).toEqual(['Choose the container.']);
    expect(missingInputs(scenarioInfo('port-in-use'), draft)).toEqual(['Enter the host port that is in use (or choose the container whose port fails).']);
    expect(missingInputs(scenarioInfo('port-in-use'), { ...draft, hasContainer: true })).toEqual([]);
    expect(missingInputs(scenarioInfo('port-in-use'), { ...draft, hostPort: '0' })).toEqual(['The host port is a number from 1 to 65535.']);
    expect(missingInputs(scenarioInfo('containers-cant-talk'), { ...draft, hasContainer: true })).toEqual(['Choose the other container.']);
    expect(missingInputs(scenarioInfo('dns-broken'), { ...draft, hasContainer: true })).toEqual([]);
  });
});

describe('firewall and activity formatting', () => {
  it('formats published ports and recognises permission errors', () => {
    expect(publishedText({ hostIp: '', hostPort: 80, containerPort: 8080, protocol: 'tcp' })).toBe('0.0.0.0:80 → 8080/tcp');
    expect(publishedText({ hostIp: '::1', hostPort: 53, containerPort: 53, protocol: 'udp' })).toBe('[::1]:53 → 53/udp');
    expect(isPermissionError('iptables: Permission denied (you must be root)')).toBe(true);
    expect(isPermissionError('nft is not installed (command not found)')).toBe(false);
  });

  it('keeps a ring of the newest items and formats byte rates', () => {
    let ring: number[] = [];
    for (let i = 0; i < 5; i++) ring = pushRing(ring, i, 3);
    expect(ring).toEqual([2, 3, 4]);
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(2048)).toBe('2.0 KB/s');
  });
});
