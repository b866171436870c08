// What each check run says (pure): one run per stage, its conclusion, summary, text and
// annotations at file:line, from the one CheckResult the pipeline produced.
import type { CheckName, Finding } from '../findings.js';
import type { CheckResult } from '../pipeline/types.js';
import { summaryBlock } from '../report/markdown.js';
import { fitCheckRunText, GITHUB_BODY_LIMIT } from '../report/split.js';
import { headline, location, STAGES, stageOf } from '../report/summary.js';

export const CHECK_RUN_PREFIX = 'substrate-gitops';

const STAGE_TITLES: Record<CheckName, string> = { render: 'render', schema: 'schema', policy: 'policy', argocd: 'argocd', keys: 'key hygiene', input: 'render' };

export function checkRunName(stage: CheckName): string {
  return `${CHECK_RUN_PREFIX} / ${STAGE_TITLES[stage]}`;
}

export const CHECK_RUN_NAMES: readonly string[] = STAGES.map(checkRunName);

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
}

export interface StageOutput {
  stage: CheckName;
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  summary: string;
  text?: string;
  annotations: Annotation[];
}

/** GitHub accepts at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

export function annotationOf(f: Finding): Annotation {
  const line = f.line && f.line > 0 ? f.line : 1;
  return {
    path: f.file,
    start_line: line,
    end_line: line,
    annotation_level: f.severity === 'error' ? 'failure' : 'warning',
    message: f.message.slice(0, 60_000),
    title: `${f.rule}${f.line ? '' : ' (whole file)'}`.slice(0, 255),
  };
}

export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The output of every stage's check run for a finished pipeline run. */
export function stageOutputs(result: CheckResult, commentPointer: string): StageOutput[] {
  return STAGES.map((stage) => {
    const mine = result.findings.filter((f) => stageOf(f) === stage);
    const errors = mine.filter((f) => f.severity === 'error').length;
    const warnings = mine.length - errors;
    const title = errors ? `${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}` : warnings ? `passed with ${warnings} warning${warnings === 1 ? '' : 's'}` : 'passed';
    const summary = [`**${checkRunName(stage)}**: ${title} — overall ${headline(result)}.`, '', `The full report (diff and on-chain plan) is in ${commentPointer}.`].join('\n');
    const rows = mine.map((f) => `| ${f.severity === 'error' ? '❌' : '⚠️'} | \`${cell(location(f))}\` | ${cell(f.message)} | \`${f.rule}\` |`);
    const findingsTable = rows.length ? ['| | Where | What | Rule |', '|---|---|---|---|', ...rows].join('\n') : undefined;
    const blocks = [summaryBlock(result), ...(findingsTable ? [findingsTable] : [])];
    return {
      stage,
      name: checkRunName(stage),
      conclusion: errors ? 'failure' : 'success',
      title: `${STAGE_TITLES[stage]}: ${title}`,
      summary: summary.slice(0, GITHUB_BODY_LIMIT),
      text: fitCheckRunText(blocks, `${commentPointer}`),
      annotations: mine.map(annotationOf),
    };
  });
}

/**
 * Why a run could not complete: what the repository contains (an archive over a limit), the
 * bot's own machine (a tool missing: never the pull request's fault), or anything else.
 */
export type FailureKind = 'input' | 'environment' | 'other';

const FAILURE_TITLES: Record<FailureKind, string> = { input: 'the pull request cannot be checked', environment: 'environment problem', other: 'could not complete' };

const FAILURE_LEADS: Record<FailureKind, string> = {
  input: "The check could not complete because of the repository's contents: ",
  environment: "The check could not complete: environment problem on the bot's side, not caused by this pull request: ",
  other: 'The check could not complete: ',
};

const FAILURE_TAILS: Record<FailureKind, string> = { input: '', environment: "\n\nThe bot's operator must fix this; then re-run the checks.", other: '' };

/** Every stage ends failed with the same reason (a run that could not complete). */
export function failedOutputs(reason: string, stages: readonly CheckName[] = STAGES, kind: FailureKind = 'other'): StageOutput[] {
  return stages.map((stage) => ({
    stage,
    name: checkRunName(stage),
    conclusion: 'failure',
    title: `${STAGE_TITLES[stage]}: ${FAILURE_TITLES[kind]}`,
    summary: `${FAILURE_LEADS[kind]}${reason}${FAILURE_TAILS[kind]}`.slice(0, GITHUB_BODY_LIMIT),
    annotations: [],
  }));
}
