import type { ResourceChange } from '../diff/types.js';
import { describeStep } from '../plan/types.js';
import { orderedGroups, type StepGroup } from './planGroups.js';
import type { CheckResult } from '../pipeline/types.js';
import { BLOCKED_PLAN, countBy, findingsOf, headline, location, STAGES } from './summary.js';

// The report the bot posts. Built as self-contained blocks (never splitting a code fence
// or a <details>), so a long report can be cut between blocks into numbered comments.

export const REPORT_MARKER = '<!-- substrate-gitops:report -->';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A fence longer than any backtick run inside, so a diff can never close it early. */
function fence(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${body.replace(/\n$/, '')}\n${ticks}`;
}

function stageCell(result: CheckResult, source: string, network: string | undefined, stage: (typeof STAGES)[number]): string {
  const mine = { ...result, findings: findingsOf(result, source, network) };
  const e = countBy(mine.findings, stage, 'error');
  const w = countBy(mine.findings, stage, 'warning');
  return e ? `❌ ${e}` : w ? `⚠️ ${w}` : '✅';
}

export function summaryBlock(result: CheckResult): string {
  const lines = [REPORT_MARKER, `## ${result.ok ? '✅' : '❌'} substrate-gitops check ${headline(result)}`, ''];
  if (result.folders.length === 0) {
    lines.push('No network or cluster folder is affected by this change.');
    return lines.join('\n');
  }
  lines.push('| Folder | Render | Schema | Policy | Argo CD | Keys | Changed resources | On-chain steps |', '|---|---|---|---|---|---|---|---|');
  for (const source of result.folders) {
    const network = result.networks.find((n) => n.source === source)?.name;
    const changed = result.diff?.filter((c) => c.source === source).length;
    const steps = network ? result.plan?.find((p) => p.network === network)?.steps.length ?? 0 : 0;
    lines.push(
      `| \`${source}\` | ${STAGES.map((s) => stageCell(result, source, network, s)).join(' | ')} | ${changed ?? '–'} | ${!result.plan ? '–' : steps > 0 && !result.ok ? `⛔ ${steps} blocked` : steps} |`,
    );
  }
  return lines.join('\n');
}

function planGroupLines(groups: readonly StepGroup[]): string[] {
  const lines: string[] = [];
  groups.forEach((g, i) => {
    lines.push(`${i + 1}. ${g.destructive ? '⚠️ **destructive:** ' : ''}${g.summary}`);
    if (g.steps.length > 1) lines.push('   <details><summary>each node</summary>', '', ...g.steps.map((s) => `   - ${describeStep(s)}`), '', '   </details>');
  });
  return lines;
}

export function planBlock(result: CheckResult): string | undefined {
  if (!result.plan) return undefined;
  const blocked = !result.ok;
  const lines = [`### On-chain plan after merge${blocked ? ' — blocked' : ''}`, ''];
  const withSteps = result.plan.filter((p) => p.steps.length > 0 || p.notes.length > 0);
  if (withSteps.length === 0) {
    lines.push('This merge causes no on-chain steps.');
    return lines.join('\n');
  }
  const grouped = withSteps.map((p) => ({ plan: p, groups: orderedGroups(p.steps) }));
  if (blocked) lines.push(`⛔ ${BLOCKED_PLAN}`, '');
  const destructive = grouped.flatMap(({ plan, groups }) => groups.filter((g) => g.destructive).map((g) => `> - **${plan.network}**: ${g.summary}`));
  if (destructive.length > 0) {
    const count = grouped.reduce((n, { groups }) => n + groups.filter((g) => g.destructive).reduce((m, g) => m + g.steps.length, 0), 0);
    lines.push(`> ⚠️ **${count} destructive step${count === 1 ? '' : 's'}** take something away from the chain; the bot never approves this on its own, the network's owners must:`, ...destructive, '');
  }
  if (blocked) lines.push('<details><summary>Steps once the findings are fixed</summary>', '');
  for (const { plan, groups } of grouped) {
    lines.push(`**${plan.network}**`, '', ...planGroupLines(groups));
    for (const n of plan.notes) lines.push(`- _note:_ ${n}`);
    lines.push('');
  }
  if (blocked) lines.push('</details>');
  return lines.join('\n').trimEnd();
}

export function findingsBlock(result: CheckResult): string | undefined {
  if (result.findings.length === 0) return undefined;
  const rows = result.findings.map((f) => `| ${f.severity === 'error' ? '❌' : '⚠️'} | ${f.check} | \`${cell(location(f))}\` | ${cell(f.message)} | \`${f.rule}\` |`);
  return [`<details${result.ok ? '' : ' open'}><summary>Findings (${result.findings.length})</summary>`, '', '| | Check | Where | What | Rule |', '|---|---|---|---|---|', ...rows, '', '</details>'].join('\n');
}

/** One block per changed resource, each a closed <details> with a diff fence. */
export function diffBlocks(changes: readonly ResourceChange[]): { source: string; block: string }[] {
  return changes.map((c) => ({
    source: c.source,
    block: [`<details><summary>${c.change} <code>${c.kind}/${c.namespace ? `${c.namespace}/` : ''}${c.name}</code> in <code>${c.source}</code></summary>`, '', fence(c.unified, 'diff'), '', '</details>'].join('\n'),
  }));
}

/** The whole report as ordered blocks: summary, plan, findings, then the diff per folder. */
export function renderMarkdownBlocks(result: CheckResult): string[] {
  const blocks = [summaryBlock(result), planBlock(result), findingsBlock(result)].filter((b): b is string => !!b);
  if (result.diff && result.diff.length > 0) {
    blocks.push(`### Rendered diff (${result.diff.length} resource${result.diff.length === 1 ? '' : 's'})`);
    let current = '';
    for (const { source, block } of diffBlocks(result.diff)) {
      if (source !== current) {
        blocks.push(`#### \`${source}\``);
        current = source;
      }
      blocks.push(block);
    }
  }
  return blocks;
}

export function renderMarkdown(result: CheckResult): string {
  return renderMarkdownBlocks(result).join('\n\n') + '\n';
}
