import { formatDuration } from '../util/units.js';
import type { RunEvent } from './events.js';

export interface ProgressOptions {
  write: (s: string) => void;
  /** One self-updating line on a terminal; one line per step otherwise (logs, CI). */
  tty: boolean;
  color: boolean;
}

/** A message on one line: tool output may hold line breaks and carriage returns (curl's meter). */
export function oneLine(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .split(/[\r\n]+/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' | ')
  );
}

/** Renders engine events on stderr with counts and an ETA. Handles every event kind. */
export function createProgress(o: ProgressOptions): (e: RunEvent) => void {
  let total = 0;
  let done = 0;
  let current = '';
  let eta = '';
  let live = false;
  const paint = (code: string, s: string): string => (o.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const clearLive = (): void => {
    if (live) o.write('\r\u001b[2K');
    live = false;
  };
  const line = (s: string): void => {
    clearLive();
    o.write(`${s}\n`);
  };
  return (e) => {
    switch (e.type) {
      case 'run-start':
        total = e.totalRepetitions;
        line(`run ${e.runId}: ${total} repetitions, about ${formatDuration(e.totalSeconds * 1000)}`);
        return;
      case 'scenario-start':
        line(paint('1', `scenario ${e.scenario}`));
        return;
      case 'scenario-failed':
        total -= e.dropped ?? 0;
        line(
          paint(
            '31',
            `scenario ${e.scenario} failed: [${e.error.code}] ${oneLine(e.error.message)}${e.error.hint ? `\n  fix: ${oneLine(e.error.hint)}` : ''}`,
          ),
        );
        return;
      case 'placement-skipped':
        total -= e.dropped ?? 0;
        line(paint('33', `  ${e.placement}: skipped (${oneLine(e.reason)})`));
        return;
      case 'measurement-skipped':
        total -= e.dropped ?? 0;
        line(paint('33', `  ${e.placement} ${e.measurement} ${e.variant}: skipped (${oneLine(e.reason)})`));
        return;
      case 'path-failed':
        total -= e.dropped ?? 0;
        line(paint('31', `  ${e.placement}: not measured: [${e.error.code}] ${oneLine(e.error.message)}`));
        return;
      case 'repetition-start':
        current = `${e.scenario} ${e.placement} ${e.measurement} ${e.variant} rep ${e.repetition}/${e.repetitions}`;
        eta = `ETA ${formatDuration(e.remainingSeconds * 1000)}`;
        if (o.tty) {
          clearLive();
          o.write(`  [${done + 1}/${total}] ${current}  ${paint('2', eta)}`);
          live = true;
        }
        return;
      case 'repetition-end': {
        done += 1;
        const text = e.ok ? e.headline : paint('31', oneLine(e.headline));
        line(`  [${done}/${total}] ${current}: ${text}${o.tty ? '' : `  (${eta})`}`);
        return;
      }
      case 'saved':
        line(`result: ${e.file}`);
        return;
      case 'note':
        line(paint('33', oneLine(e.message)));
        return;
    }
  };
}
