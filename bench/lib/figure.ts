/** One figure a bench script reports: what, its value, its target and whether the target is met. */
export interface Figure {
  /** Section: fidelity, overhead, own-cpu, verdict-time, startup. */
  section: string;
  name: string;
  /** The value in words, interval included. */
  value: string;
  /** The target in words; '' for figures reported for information. */
  target: string;
  /** null: no target, or the figure could not be taken. */
  met: boolean | null;
  /** Qualifier, e.g. "indistinguishable at the measured spread". */
  note?: string;
}

export function metText(f: Figure): string {
  if (f.target === '') return 'info';
  if (f.met === null) return 'not measured';
  return f.met ? 'met' : 'not met';
}

/** One line per figure: `name: value | target: met (note)`. */
export function figureLine(f: Figure): string {
  const target = f.target === '' ? '' : ` | target ${f.target}: ${metText(f)}`;
  const note = f.note ? ` (${f.note})` : '';
  return `${f.name}: ${f.value}${target}${note}`;
}

/** A number with `digits` significant figures, without exponent notation for everyday sizes. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(digits)).toString();
}

export function pct(x: number, digits = 1): string {
  return `${x.toFixed(digits)}%`;
}

/** Prints a section heading and its figures as they come, so a long run shows progress. */
export class FigureLog {
  readonly figures: Figure[] = [];

  constructor(private readonly write: (s: string) => void = (s) => process.stdout.write(s)) {}

  add(f: Figure): void {
    this.figures.push(f);
    this.write(`  ${figureLine(f)}\n`);
  }

  note(text: string): void {
    this.write(`  ${text}\n`);
  }
}
