// Slash commands in pull request comments (pure). Only the first line counts, so quoting a
// command further down a reply does not trigger it.

export type Command = 'check' | 'plan';

export function parseCommand(body: string): Command | undefined {
  const first = body.trimStart().split('\n')[0]!.trim();
  const match = /^\/(check|plan)(?:\s|$)/.exec(first);
  return match ? (match[1] as Command) : undefined;
}
