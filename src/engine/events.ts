import type { StoredError as ErrorData } from '../model/errors.js';
import type { Placement } from '../model/placement.js';

/** What the engine reports while it runs; progress renderers handle every kind. */
export type RunEvent =
  | { type: 'run-start'; runId: string; totalSeconds: number; totalRepetitions: number }
  | { type: 'scenario-start'; scenario: string }
  /** `dropped`: planned repetitions that will not run because of this (the progress count shrinks). */
  | { type: 'scenario-failed'; scenario: string; error: ErrorData; dropped?: number }
  | { type: 'placement-skipped'; scenario: string; placement: Placement; reason: string; dropped?: number }
  | { type: 'path-failed'; scenario: string; placement: Placement; error: ErrorData; dropped?: number }
  | {
      type: 'measurement-skipped';
      scenario: string;
      placement: Placement;
      measurement: string;
      variant: string;
      reason: string;
      dropped?: number;
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
