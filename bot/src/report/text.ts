import { describeStep } from '../plan/types.js';
import { orderedGroups } from './planGroups.js';
import type { CheckResult } from '../pipeline/types.js';
import { BLOCKED_PLAN, headline, location } from './summary.js';

const plain = (markdown: string) => markdown.replaceAll('`', '');

/** For a terminal: one finding per line, `file:line  severity  check  message [rule]`. */
export function renderText(result: CheckResult): string {
  const lines: string[] = [];
  for (const f of result.findings) lines.push(`${location(f)}  ${f.severity}  ${f.check}  ${f.message} [${f.rule}]`);
  if (result.diff) {
    lines.push('', `Changes (${result.diff.length} resource${result.diff.length === 1 ? '' : 's'}):`);
    for (const c of result.diff) lines.push(`  ${c.change.padEnd(8)} ${c.source}  ${c.kind}/${c.name}${c.fields.length ? `  (${c.fields.map((x) => x.path).slice(0, 4).join(', ')}${c.fields.length > 4 ? ', …' : ''})` : ''}`);
  }
  if (result.plan) {
    const blocked = !result.ok && result.plan.some((p) => p.steps.length > 0);
    lines.push('', blocked ? `On-chain plan after merge — BLOCKED: ${BLOCKED_PLAN}` : 'On-chain plan after merge:');
    if (result.plan.every((p) => p.steps.length === 0)) lines.push('  no on-chain steps');
    for (const p of result.plan) {
      for (const g of orderedGroups(p.steps)) {
        lines.push(`  ${p.network}: ${g.destructive ? 'DESTRUCTIVE: ' : ''}${plain(g.summary)}`);
        if (g.steps.length > 1) for (const s of g.steps) lines.push(`      ${plain(describeStep(s))}`);
      }
      for (const n of p.notes) lines.push(`  ${p.network}: note: ${plain(n)}`);
    }
  }
  lines.push('', headline(result));
  return lines.join('\n') + '\n';
}
