import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/shared/contract';
import { codeBlock, escapeInline, renderTroubleshootMarkdown, type MarkdownInput } from '../../src/shared/troubleshoot-markdown';

const step = (over: Partial<CheckResult>): CheckResult => ({
  id: 'x',
  title: 'A step',
  status: 'pass',
  summary: 'fine',
  evidence: [],
  fixes: [],
  durationMs: 12,
  timedOut: false,
  ...over,
});

const HOSTILE = 'evil|name`<img src=x onerror=alert(1)>*_[x](javascript:alert(1))_@everyone</details>';

function report(over: Partial<MarkdownInput> = {}): MarkdownInput {
  return {
    runId: 'run-0001',
    scenario: 'web-unreachable',
    title: "I can't reach the web service in my container",
    subject: `${HOSTILE} (abc123) on Docker 27`,
    verdict: 'cause-found',
    steps: [
      step({ id: 'container-running', title: 'Container is running', summary: `${HOSTILE} is running.`, evidence: ['state: running'] }),
      step({
        id: 'listener-not-loopback-only',
        title: 'Listeners accept connections from outside the container',
        status: 'fail',
        summary: `80/tcp listens only on 127.0.0.1 inside ${HOSTILE}`,
        evidence: ['80/tcp listens only on 127.0.0.1:80 (loopback)', '</details><script>x</script>', '```'],
        fixes: ['BusyBox httpd: `httpd -p 0.0.0.0:80`'],
      }),
    ],
    cause: {
      stepId: 'listener-not-loopback-only',
      summary: `80/tcp listens only on 127.0.0.1 inside ${HOSTILE}`,
      fixes: ['BusyBox httpd: `httpd -p 0.0.0.0:80`', `docker stop ${HOSTILE}\n\`\`\`\`\n# not a heading`],
    },
    startedAt: '2026-11-28T10:00:00.000Z',
    durationMs: 321,
    ...over,
  };
}

/** The lines outside fenced code blocks: what Markdown would interpret. */
function outsideFences(md: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m) fence = m[1];
    else if (fence !== null && line.trim() === fence) fence = null;
    else if (fence === null) out.push(line);
  }
  expect(fence).toBeNull();
  return out;
}

describe('renderTroubleshootMarkdown', () => {
  const md = renderTroubleshootMarkdown(report());

  it('has the scenario heading, subject, verdict, cause with fixes as code blocks, and a row per step', () => {
    expect(md.startsWith("# I can't reach the web service in my container\n")).toBe(true);
    expect(md).toContain('- **Verdict:** Cause found');
    expect(md).toContain('## Cause: Listeners accept connections from outside the container');
    expect(md).toContain('```text\nBusyBox httpd: `httpd -p 0.0.0.0:80`\n```');
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^\| 2 \| Listeners accept connections from outside the container \| ❌ fail \| /);
    expect(md).toContain('<details>\n<summary>2. Listeners accept connections from outside the container: fail (12 ms)</summary>');
  });

  it('a hostile container name cannot add table cells, tags, code spans, links or mentions', () => {
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    // Four cells each: the name's pipe is escaped.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    const interpreted = outsideFences(md).join('\n');
    expect(interpreted).not.toMatch(/<img|<script|<\/details><script/);
    expect(interpreted).not.toMatch(/(?<!\\)`/);
    expect(interpreted).not.toMatch(/(?<!\\)\[x\]/);
    expect(interpreted).not.toMatch(/(?<!\\)@everyone/);
    expect(interpreted).toContain('evil\\|name\\`&lt;img src=x onerror=alert\\(1\\)&gt;');
    // Only our own details tags survive outside code: one open and one close per step with evidence.
    expect(interpreted.match(/<details>/g)).toHaveLength(2);
    expect(interpreted.match(/<\/details>/g)).toHaveLength(2);
  });

  it('fences are longer than any backtick run inside, so a fix or evidence cannot close its block', () => {
    expect(md).toContain('`````text\ndocker stop evil|name`<img');
    expect(outsideFences(md).some((l) => l.startsWith('# not a heading'))).toBe(false);
    expect(codeBlock('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````');
  });

  it('no cause section when nothing failed, and the verdict says so', () => {
    const ok = renderTroubleshootMarkdown(report({ verdict: 'no-problem', cause: null, steps: [step({})] }));
    expect(ok).not.toContain('## Cause');
    expect(ok).toContain('No problem found');
    expect(ok).not.toContain('<details>');
  });

  it('escapeInline keeps text on one line and stops a leading list marker', () => {
    expect(escapeInline('1. a\nb')).toBe('1\\. a b');
    expect(escapeInline('- item')).toBe('\\- item');
    expect(escapeInline('a & b')).toBe('a &amp; b');
  });
});
