// The post-merge plan from two trees on disk (however they were obtained: a local clone or
// GitHub archives): the pipeline's result split into planned and refused networks, each
// planned one with its RPC endpoint as declared at the merged commit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { parseNetworkFile } from '../model/networkFile.js';
import type { CheckResult } from '../pipeline/types.js';
import { splitMergeResult } from './mergePlan.js';
import type { MergePlan } from './types.js';

async function rpcAt(treeDir: string, network: string, commit: string): Promise<string> {
  const file = join('networks', network, 'network.yaml');
  const { spec, findings } = parseNetworkFile(file, await readFile(join(treeDir, file)), network);
  if (!spec) throw new InputError(`${file} at ${commit.slice(0, 12)} is not valid: ${findings.map((f) => f.message).join('; ')}`, file);
  return spec.chain.rpc;
}

export async function mergePlanFrom(result: Pick<CheckResult, 'findings' | 'plan'>, headDir: string, commit: string): Promise<MergePlan> {
  const { plans, refused } = splitMergeResult(result, commit);
  const planned = [];
  for (const plan of plans) planned.push({ plan, rpc: await rpcAt(headDir, plan.network, commit) });
  return { planned, refused };
}
