import type { ErrorData } from '../model/errors.js';
import type { Placement } from '../model/placement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { Series } from '../model/series.js';

/** The formats `cnibench import` reads. */
export const IMPORT_FORMATS = ['iperf3-json', 'iperf3-text', 'k8s-netperf', 'knb'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What the user says about files that do not say it themselves (flags of `cnibench import`). */
export interface ImportHints {
  placement?: Placement;
  measurement?: 'tcp' | 'udp';
  streams?: number;
  /** Offered UDP rate in bit/s (iperf3 `-b`). */
  bitrateBps?: number;
}

/** One test read from a file; it becomes one repetition of a measurement. */
export interface ImportedTest {
  /** Undefined where the file does not say (iperf3 does not know where its ends ran). */
  placement: Placement | undefined;
  /** Undefined only for a failed run whose output does not say what it was. */
  measurement: MeasurementKind | undefined;
  variant: string | undefined;
  parameters: Record<string, string | number | boolean>;
  tool: string;
  status: 'ok' | 'failed';
  metrics: Record<string, number>;
  series: Series[];
  notes: string[];
  error?: ErrorData;
  /** When the source says the test ran (ISO 8601). */
  startedAt?: string;
  durationMs?: number;
  /** The source text of this test, kept as the repetition's raw output (audit). */
  raw: string;
  /** The command that produced it, where the file records it. */
  command: string[];
  /** First and last line (1-based) of the test in its file. */
  lines: [number, number];
  /**
   * Figures that complete another file's test rather than stand alone (k8s-netperf's
   * loss-rt-result CSV: retransmits and loss of the tests in result CSV of the same run).
   */
  supplement?: boolean;
}

/** What one converter reads from one file. */
export interface ImportedFile {
  tests: ImportedTest[];
  /** Facts about the environment the file records (kernel, MTU, tool version, nodes). */
  environment: Record<string, string | number | boolean | null>;
  /** Figures and tests the file holds that have no cnibench mapping, in words. */
  notes: string[];
  /** Files of one run of a tool share a tag (k8s-netperf: the Unix time in the file names). */
  runTag?: string;
}

/** A converter: a pure function from a file's text to what it holds. */
export type Converter = (text: string, file: string, hints: ImportHints) => ImportedFile;
