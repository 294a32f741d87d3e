// A PxL script body plus the name shown in error frames. Positions inside the engine are
// character offsets; line/column (1-based) are computed only when an error is rendered.

export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

export class Source {
  private lineStarts: number[] | undefined;

  constructor(
    readonly body: string,
    readonly name = 'script.pxl',
  ) {}

  /** 1-based line and column of a character offset (clamped to the body). */
  locationOf(offset: number): SourceLocation {
    const starts = this.starts();
    const pos = Math.max(0, Math.min(offset, this.body.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    let end = next === undefined ? this.body.length : next - 1;
    if (end > start && this.body.charCodeAt(end - 1) === 13) end--;
    return this.body.slice(start, end);
  }

  get lineCount(): number {
    return this.starts().length;
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const b = this.body;
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && b.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
    return starts;
  }
}
