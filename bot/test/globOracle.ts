// Test support: the real matchers behind Argo CD's AppProject and ApplicationSet patterns —
// Go's path.Match and github.com/gobwas/glob at the version the pinned Argo CD requires —
// built once into a small program that answers match queries, one JSON line in, one 0/1 out.
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../src/tools/cache.js';
import { runTool } from '../src/tools/run.js';
import { PINNED } from '../src/tools/versions.js';

export interface GlobQuery {
  dialect: 'gobwas' | 'gopath';
  pattern: string;
  text: string;
  separators: string;
}

const PROGRAM = `package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path"

	"github.com/gobwas/glob"
)

type query struct {
	Dialect    string \`json:"dialect"\`
	Pattern    string \`json:"pattern"\`
	Text       string \`json:"text"\`
	Separators string \`json:"separators"\`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var q query
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			panic(err)
		}
		matched := false
		if q.Dialect == "gopath" {
			ok, err := path.Match(q.Pattern, q.Text)
			matched = ok && err == nil
		} else {
			g, err := glob.Compile(q.Pattern, []rune(q.Separators)...)
			matched = err == nil && g.Match(q.Text)
		}
		if matched {
			out.WriteString("1\\n")
		} else {
			out.WriteString("0\\n")
		}
	}
}
`;

/** The gobwas/glob version the pinned Argo CD module requires (its go.mod). */
async function gobwasVersion(): Promise<string> {
  const { stdout } = await runTool('go', 'go', ['mod', 'download', '-json', `${PINNED.argocd.module}@${PINNED.argocd.version}`], { timeoutMs: 600_000, okExitCodes: [0, 1], env: { GOFLAGS: '-mod=mod' } });
  const info = JSON.parse(stdout) as { GoMod?: string };
  if (!info.GoMod) throw new Error(`go mod download printed no go.mod for ${PINNED.argocd.module}`);
  const version = /github\.com\/gobwas\/glob (v\S+)/.exec(await readFile(info.GoMod, 'utf8'))?.[1];
  if (!version) throw new Error(`${PINNED.argocd.module}@${PINNED.argocd.version} does not require github.com/gobwas/glob`);
  return version;
}

/** Build (once per version) and return the oracle binary. */
export async function globOracle(): Promise<string> {
  const version = await gobwasVersion();
  const dir = await cacheDir('test-oracles', `glob-${version}`);
  const binary = join(dir, 'globoracle');
  try {
    await access(binary);
    return binary;
  } catch {
    // not built yet
  }
  const src = join(dir, 'src');
  await rm(src, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'go.mod'), `module globoracle\n\ngo 1.22\n\nrequire github.com/gobwas/glob ${version}\n`);
  await writeFile(join(src, 'main.go'), PROGRAM);
  await runTool('go', 'go', ['build', '-o', binary, '.'], { cwd: src, timeoutMs: 600_000, env: { GOFLAGS: '-mod=mod', CGO_ENABLED: '0' } });
  return binary;
}

/** Ask the oracle about every query in one process. */
export async function askGlobOracle(binary: string, queries: readonly GlobQuery[]): Promise<boolean[]> {
  const { stdout } = await execa(binary, [], { input: queries.map((q) => JSON.stringify(q)).join('\n') + '\n', maxBuffer: 64 * 1024 * 1024 });
  const answers = stdout.trim().split('\n');
  if (answers.length !== queries.length) throw new Error(`the glob oracle answered ${answers.length} of ${queries.length} queries`);
  return answers.map((a) => a === '1');
}
