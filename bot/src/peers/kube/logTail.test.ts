import { describe, expect, it } from 'vitest';
import { LogTail, formatStartFailure } from './logTail.js';

describe('LogTail', () => {
  it('joins lines split across chunks and keeps only the newest', () => {
    const tail = new LogTail(3);
    expect(tail.push('one\ntw')).toEqual(['one']);
    expect(tail.push('o\nthree\r\nfour\nfi')).toEqual(['two', 'three', 'four']);
    expect(tail.last()).toEqual(['three', 'four', 'fi']);
    expect(tail.last(2)).toEqual(['four', 'fi']);
  });
});

describe('formatStartFailure', () => {
  it('names the process, how it ended and its last log lines', () => {
    const message = formatStartFailure(
      {
        process: 'kube-apiserver',
        reason: 'did not become ready within 60 s',
        exit: { code: 1, signal: null },
        logLines: ['I0101 starting', '', 'E0101 failed to listen on 127.0.0.1:6443: address already in use'],
        logFile: '/tmp/x/kube-apiserver.log',
      },
      10,
    );
    expect(message).toBe(
      'kube-apiserver did not become ready within 60 s (exited with code 1); last 2 log lines:\n' +
        '  | I0101 starting\n' +
        '  | E0101 failed to listen on 127.0.0.1:6443: address already in use\n' +
        'full log: /tmp/x/kube-apiserver.log',
    );
  });

  it('keeps only the requested tail and says when there was no output or a signal', () => {
    const many = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const message = formatStartFailure({ process: 'etcd', reason: 'stopped', exit: { code: null, signal: 'SIGKILL' }, logLines: many }, 3);
    expect(message).toContain('(exited on signal SIGKILL); last 3 log lines:');
    expect(message).toContain('line 49');
    expect(message).not.toContain('line 46');
    expect(formatStartFailure({ process: 'etcd', reason: 'x', logLines: [] })).toContain('(no output)');
  });
});
