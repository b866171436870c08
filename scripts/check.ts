// `npm run check -- [paths…] [--base <ref>] [--format text|json|markdown]`
// Exit 0: no error findings; 1: error findings; 2: usage or environment problem.
import { parseArgs } from 'node:util';
import { EnvironmentError, ToolError, UsageError } from '../bot/src/errors.js';
import { checkRepository } from '../bot/src/pipeline/checkRepository.js';
import { renderJson } from '../bot/src/report/json.js';
import { renderMarkdown } from '../bot/src/report/markdown.js';
import { renderText } from '../bot/src/report/text.js';

const USAGE = 'usage: npm run check -- [paths…] [--base <git-ref>] [--format text|json|markdown]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { base: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${format}"\n${USAGE}`);
  const result = await checkRepository({ cwd: process.cwd(), paths: parsed.positionals, ...(parsed.values.base ? { base: parsed.values.base } : {}) });
  const out = format === 'json' ? renderJson(result) : format === 'markdown' ? renderMarkdown(result) : renderText(result);
  process.stdout.write(out);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`check: ${error.message}\n`);
    else if (error instanceof EnvironmentError) process.stderr.write(`check: ${error.message}${error.fix ? ` — ${error.fix}` : ''}\n`);
    else if (error instanceof ToolError) process.stderr.write(`check: ${error.message}${error.timedOut ? '' : ' — run `npm run setup` to reinstall the pinned tools'}\n`);
    else process.stderr.write(`check: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
