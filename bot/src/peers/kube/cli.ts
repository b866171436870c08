// Entry point for scripts, no logic here:
//   tsx bot/src/peers/kube/cli.ts build   build (or find cached) kube-apiserver + etcd, print paths
//   tsx bot/src/peers/kube/cli.ts start   run the test API server until Ctrl-C, print kubeconfigs
import { EnvironmentError, UsageError } from '../../errors.js';
import { ensureKubeBinaries } from './build.js';
import { ensureKubeCerts } from './certs.js';
import { startKubeApiServer } from './start.js';

const log = (line: string) => console.error(line);

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'build': {
      const started = performance.now();
      const binaries = await ensureKubeBinaries({ log });
      await ensureKubeCerts();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(JSON.stringify({ ...binaries, seconds: Number(seconds) }, null, 2));
      return;
    }
    case 'start': {
      const started = performance.now();
      const peer = await startKubeApiServer({ log });
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      console.log(JSON.stringify({ server: peer.server, adminKubeconfig: peer.adminKubeconfig, botKubeconfig: peer.botKubeconfig, seconds }, null, 2));
      log('running; Ctrl-C stops it and removes its data');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await peer.stop();
      return;
    }
    default:
      throw new UsageError(`usage: tsx bot/src/peers/kube/cli.ts build|start (got ${command ?? 'nothing'})`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof EnvironmentError && error.fix) console.error(`fix: ${error.fix}`);
  process.exit(error instanceof UsageError || error instanceof EnvironmentError ? 2 : 1);
});
