/** Keeps the last `limit` lines of a process's output: what a start failure reports. */
export class LineTail {
  #lines: string[] = [];
  #partial = '';

  constructor(readonly limit = 40) {}

  push(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.#lines.push(line);
      if (this.#lines.length > this.limit) this.#lines.shift();
    }
  }

  text(): string {
    const lines = this.#partial.trim() ? [...this.#lines, this.#partial] : this.#lines;
    return lines.slice(-this.limit).join('\n');
  }
}
