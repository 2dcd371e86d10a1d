import type { StoredError as ErrorData } from '../model/errors.js';
import type { Placement } from '../model/placement.js';

/** What the engine reports while it runs; progress renderers handle every kind. */
export type RunEvent =
  | { type: 'run-start'; runId: string; totalSeconds: number; totalRepetitions: number }
  | { type: 'scenario-start'; scenario: string }
  | { type: 'scenario-failed'; scenario: string; error: ErrorData }
  | { type: 'placement-skipped'; scenario: string; placement: Placement; reason: string }
  | { type: 'path-failed'; scenario: string; placement: Placement; error: ErrorData }
  | {
      type: 'measurement-skipped';
      scenario: string;
      placement: Placement;
      measurement: string;
      variant: string;
      reason: string;
    }
  | {
      type: 'repetition-start';
      scenario: string;
      placement: Placement;
      measurement: string;
      variant: string;
      repetition: number;
      repetitions: number;
      doneSeconds: number;
      remainingSeconds: number;
    }
  | { type: 'repetition-end'; ok: boolean; headline: string; error?: ErrorData }
  | { type: 'saved'; file: string }
  | { type: 'note'; message: string };
