// Started as its own Node process by faults.int.test.ts, to be killed with SIGKILL mid-run:
// executes a plan recorded in a file journal, on a chain that builds no block unless asked,
// so the run stays between broadcast and inclusion until the test kills it.
// argv[2]: a JSON file { wsUrl, journalDir, entryId, spec, secrets } written by the test.
import { readFile } from 'node:fs/promises';
import type { NetworkSpec } from '../model/networkFile.js';
import { FileJournal } from '../journal/fileJournal.js';
import { connect } from './connect.js';
import { executePlan } from './execute.js';

interface FixtureInput {
  wsUrl: string;
  journalDir: string;
  entryId: string;
  spec: NetworkSpec;
  secrets: Record<string, string>;
}

const input = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as FixtureInput;
const journal = new FileJournal(input.journalDir);
const entry = await journal.get(input.entryId);
if (!entry) throw new Error(`no journal entry ${input.entryId} in ${input.journalDir}`);
const api = await connect(input.wsUrl);
const result = await executePlan({
  api,
  plan: entry.plan,
  spec: input.spec,
  seeds: async (secret) => input.secrets[secret] ?? Promise.reject(new Error(`no Secret ${secret}`)),
  journal,
  entryId: input.entryId,
  timeoutMs: 120_000,
});
console.log(JSON.stringify(result));
await api.disconnect();
