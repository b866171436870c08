// Doing: CPU time a process and everything below it has used, from Linux's /proc. A build
// (`go` and the compilers it starts) or a chain compiling its runtime shows its progress here
// even when it prints nothing for minutes. Undefined where /proc cannot tell.
import { readdir, readFile } from 'node:fs/promises';

/** utime + stime + cutime + cstime of one /proc/<pid>/stat line (fields 14–17), in clock ticks. */
export function cpuTicksOfStat(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  const fields = stat.slice(end + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14 → index 11.
  const values = fields.slice(11, 15).map(Number);
  if (values.length < 4 || values.some((v) => !Number.isFinite(v))) return undefined;
  return values.reduce((a, b) => a + b, 0);
}

async function childrenOf(pid: number): Promise<number[]> {
  // Children are listed per thread (the thread that started them): read every thread's list.
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')));
  return lists.flatMap((text) => text.split(' ').filter(Boolean).map(Number));
}

/** CPU ticks used by `pid` and its live descendants (finished ones are in their parents' c-times). */
export async function processTreeCpuTicks(pid: number, maxProcesses = 2_000): Promise<number | undefined> {
  let total = 0;
  let seen = 0;
  const queue = [pid];
  while (queue.length > 0 && seen < maxProcesses) {
    const next = queue.shift()!;
    seen += 1;
    let stat: string;
    try {
      stat = await readFile(`/proc/${next}/stat`, 'utf8');
    } catch {
      if (next === pid) return undefined;
      continue; // ended meanwhile
    }
    total += cpuTicksOfStat(stat) ?? 0;
    queue.push(...(await childrenOf(next)));
  }
  return total;
}
