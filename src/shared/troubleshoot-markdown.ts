/**
 * A troubleshoot report as paste-ready Markdown (GitHub-flavoured) for an issue or a chat. Pure, no
 * Node: the renderer uses it for "Copy as Markdown" too. Container names, evidence and command
 * output come from the container, so every piece of it is escaped: a hostile name cannot open a
 * table cell, a code span, an HTML tag or a mention.
 */
import type { CheckStatus, TroubleshootReport } from './contract/diagnostics';

export type MarkdownInput = Omit<TroubleshootReport, 'markdown'>;

const STATUS: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skipped: '⏭️ skipped' };

const VERDICT: Record<TroubleshootReport['verdict'], string> = {
  'cause-found': 'Cause found',
  'no-problem': 'No problem found: every step passed',
  inconclusive: 'Inconclusive: no step failed, but some could not tell',
};

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML elements (`<summary>`): entities only. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML[ch]);
}

/**
 * Text for inline Markdown (paragraphs, headings, table cells): one line, HTML as entities, and a
 * backslash before every character that could start emphasis, a code span, a link, a cell
 * boundary, a heading or a mention.
 */
export function escapeInline(text: string): string {
  return (
    text
      .replace(/\r?\n|\r/g, ' ')
      .replace(/[\\`*_{}[\]()#+!|~@]/g, (ch) => `\\${ch}`)
      .replace(/[&<>]/g, (ch) => HTML[ch])
      // At the start of a paragraph, "1." or "-" would open a list.
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/^-/, '\\-')
  );
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeBlock(text: string, info = 'text'): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

export function renderTroubleshootMarkdown(r: MarkdownInput): string {
  const lines: string[] = [];
  lines.push(`# ${escapeInline(r.title)}`, '');
  lines.push(`- **Subject:** ${escapeInline(r.subject)}`);
  lines.push(`- **Verdict:** ${escapeInline(VERDICT[r.verdict])}`);
  lines.push(`- **Run:** ${escapeInline(r.startedAt)}, ${r.durationMs} ms, run id ${escapeInline(r.runId)}`, '');

  if (r.cause) {
    const step = r.steps.find((s) => s.id === r.cause!.stepId);
    lines.push(`## Cause${step ? `: ${escapeInline(step.title)}` : ''}`, '', escapeInline(r.cause.summary), '');
    if (r.cause.fixes.length) {
      lines.push('### How to fix it', '');
      for (const fix of r.cause.fixes) lines.push(codeBlock(fix), '');
    }
  }

  lines.push('## Steps', '', '| # | Step | Status | Summary |', '|---|---|---|---|');
  r.steps.forEach((s, i) => {
    const status = `${STATUS[s.status]}${s.timedOut ? ' (timed out)' : ''}`;
    lines.push(`| ${i + 1} | ${escapeInline(s.title)} | ${status} | ${escapeInline(s.summary)} |`);
  });
  lines.push('');

  const withEvidence = r.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.evidence.length > 0);
  if (withEvidence.length) {
    lines.push('## Evidence', '');
    for (const { s, i } of withEvidence) {
      // The blank lines around the fence end the HTML block, so the fence is Markdown and its text stays literal.
      lines.push(
        '<details>',
        `<summary>${i + 1}. ${escapeHtml(s.title)}: ${s.status} (${s.durationMs} ms)</summary>`,
        '',
        codeBlock(s.evidence.join('\n')),
        '',
        '</details>',
        '',
      );
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
