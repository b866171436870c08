// Started as its own Node process by kube.int.test.ts: start the peer, print what it
// started, and exit WITHOUT stop(), to show the exit hooks leave nothing behind.
import { startKubeApiServer } from './start.js';

const peer = await startKubeApiServer();
console.log(JSON.stringify({ dir: peer.dir, pids: peer.processes.map((p) => p.pid) }));
process.exit(0);
