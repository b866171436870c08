import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// Witnesses for "the check never reaches the network and never starts a program": a loopback
// HTTP server that counts every request it gets, and `git`/`helm` shims that record being run.

export interface CountingServer {
  port: number;
  /** Every request seen, as `METHOD path`. */
  requests: string[];
  close: () => Promise<void>;
}

/** Answers any `*.yaml` with a ConfigMap (so a fetch would succeed) and everything else with 404. */
export async function startCountingServer(): Promise<CountingServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url?.endsWith('.yaml')) {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fetched-from-the-network\ndata:\n  a: b\n');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ProgramShims {
  dir: string;
  /** One line per run: `<program> <args>`. */
  runs: () => Promise<string[]>;
  /** Put the shims first on this process's PATH (children inherit it); returns the undo. */
  install: () => () => void;
  dispose: () => Promise<void>;
}

/** Executables named `names` that append their name and arguments to a log and fail. */
export async function writeProgramShims(names: readonly string[] = ['git', 'helm']): Promise<ProgramShims> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-shims-'));
  const log = join(dir, 'runs.log');
  await writeFile(log, '');
  for (const name of names) {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\necho "${name} $*" >> '${log}'\nexit 1\n`);
    await chmod(file, 0o755);
  }
  return {
    dir,
    runs: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
    install: () => {
      const before = process.env.PATH;
      process.env.PATH = `${dir}${delimiter}${before ?? ''}`;
      return () => {
        process.env.PATH = before;
      };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
