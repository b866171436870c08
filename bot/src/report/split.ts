// Pack report blocks into GitHub bodies of at most 65,536 characters (a comment body and a
// check run's output text share that limit). Bodies are cut only between blocks; a block that
// alone is too large is cut inside its diff at line boundaries into blocks that each open and
// close their own <details> and fence. Pure: strings in, strings out.

export const GITHUB_BODY_LIMIT = 65_536;

/** Room kept in every body for the part header and the hidden part marker. */
const PART_RESERVE = 200;
const SEPARATOR = '\n\n';

export function partMarker(part: number): string {
  return `<!-- substrate-gitops:report part=${part} -->`;
}

/** The part number of a body written by `splitIntoComments`, or undefined. */
export function partOf(body: string): number | undefined {
  const match = /<!-- substrate-gitops:report part=(\d+) -->/.exec(body);
  return match ? Number(match[1]) : undefined;
}

const DIFF_BLOCK = /^(<details[^>]*>)<summary>([\s\S]*?)<\/summary>\n\n(`{3,})([^\n`]*)\n([\s\S]*)\n\3\n\n<\/details>$/;
const DETAILS_BLOCK = /^(<details[^>]*>)<summary>([\s\S]*?)<\/summary>\n([\s\S]*)\n<\/details>$/;

/** Lines of `text` grouped so each group's joined length is at most `budget`; over-long lines are cut. */
function chunkLines(text: string, budget: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current.join('\n'));
    current = [];
    length = 0;
  };
  for (const whole of text.split('\n')) {
    const pieces = whole.length > budget ? Array.from({ length: Math.ceil(whole.length / budget) }, (_, i) => whole.slice(i * budget, (i + 1) * budget)) : [whole];
    for (const line of pieces) {
      const added = current.length === 0 ? line.length : line.length + 1;
      if (length + added > budget) flush();
      current.push(line);
      length += current.length === 1 ? line.length : line.length + 1;
    }
  }
  flush();
  return chunks;
}

/** Cut one block that is larger than `budget` into blocks that each fit and stand alone. */
export function cutBlock(block: string, budget: number): string[] {
  if (block.length <= budget) return [block];
  const diff = DIFF_BLOCK.exec(block);
  if (diff) {
    const [, open, summary, ticks, lang, body] = diff as unknown as [string, string, string, string, string, string];
    const frame = (i: number, n: number, lines: string) => `${open}<summary>${summary} (continued ${i}/${n})</summary>\n\n${ticks}${lang}\n${lines}\n${ticks}\n\n</details>`;
    const overhead = frame(999, 999, '').length;
    const chunks = chunkLines(body, budget - overhead);
    return chunks.map((lines, i) => frame(i + 1, chunks.length, lines));
  }
  const details = DETAILS_BLOCK.exec(block);
  if (details) {
    const [, open, summary, body] = details as unknown as [string, string, string, string];
    const frame = (i: number, n: number, lines: string) => `${open}<summary>${summary} (continued ${i}/${n})</summary>\n${lines}\n</details>`;
    const chunks = chunkLines(body, budget - frame(999, 999, '').length);
    return chunks.map((lines, i) => frame(i + 1, chunks.length, lines));
  }
  return chunkLines(block, budget);
}

/** Group blocks into bodies of at most `budget` characters, cutting only between blocks. */
export function packBlocks(blocks: readonly string[], budget: number): string[][] {
  const bodies: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const block of blocks.flatMap((b) => cutBlock(b, budget))) {
    const added = current.length === 0 ? block.length : block.length + SEPARATOR.length;
    if (current.length > 0 && length + added > budget) {
      bodies.push(current);
      current = [];
      length = 0;
    }
    current.push(block);
    length += current.length === 1 ? block.length : block.length + SEPARATOR.length;
  }
  if (current.length > 0) bodies.push(current);
  return bodies;
}

/**
 * Comment bodies for a report: part 1 is the sticky comment, parts 2..N continue it,
 * each with a hidden marker so later runs find and update them in place.
 */
export function splitIntoComments(blocks: readonly string[], limit = GITHUB_BODY_LIMIT): string[] {
  const groups = packBlocks(blocks, limit - PART_RESERVE);
  const total = groups.length;
  return groups.map((group, i) => {
    const part = i + 1;
    const header = total > 1 ? [partMarker(part), `_substrate-gitops report, part ${part}/${total}_`] : [partMarker(part)];
    return [...header, ...group].join(SEPARATOR) + '\n';
  });
}

/**
 * A check run's output text: as many whole blocks as fit, then an honest note pointing to
 * where the rest is. Never more than `limit` characters.
 */
export function fitCheckRunText(blocks: readonly string[], pointer: string, limit = GITHUB_BODY_LIMIT): string {
  const budget = limit - PART_RESERVE - pointer.length;
  const [first = [], ...rest] = packBlocks(blocks, budget);
  const omitted = rest.reduce((n, group) => n + group.length, 0);
  const text = first.join(SEPARATOR);
  return omitted > 0 ? `${text}${SEPARATOR}_${omitted} more section${omitted === 1 ? '' : 's'} did not fit here (GitHub allows ${limit} characters): ${pointer}_\n` : `${text}\n`;
}
