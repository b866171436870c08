// Pure: the pull request a merge commit came from, read from GitHub's default merge and
// squash messages ("Merge pull request #12 from …", "Title (#12)").

export function pullRequestFromMessage(message: string): number | undefined {
  const firstLine = message.split('\n', 1)[0] ?? '';
  const merge = /^Merge pull request #(\d+) from /.exec(firstLine);
  if (merge) return Number(merge[1]);
  const squash = /\(#(\d+)\)$/.exec(firstLine.trim());
  return squash ? Number(squash[1]) : undefined;
}
