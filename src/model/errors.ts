import { z } from 'zod';
import { redact } from './redact.js';

/** Stable error codes; scripts and tests match on these, never on message text. */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'RESULT_INVALID'
  | 'RESULT_NOT_FOUND'
  | 'IMPORT_INVALID'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_FAILED'
  | 'NOT_ROOT'
  | 'TOOL_MISSING'
  | 'KERNEL_UNSUPPORTED'
  | 'PROFILE_UNSUPPORTED'
  | 'CNI_FAILED'
  | 'LAB_SETUP_FAILED'
  | 'NOT_REACHABLE'
  | 'SERVER_START_FAILED'
  | 'TOOL_OUTPUT_INVALID'
  | 'TOOL_FAILED'
  | 'TIMEOUT'
  | 'INTERRUPTED'
  | 'K8S_API'
  | 'K8S_FORBIDDEN'
  | 'K8S_NOT_FOUND'
  | 'K8S_CONFLICT'
  | 'K8S_WAIT_EXPIRED'
  | 'K8S_POD_FAILED'
  | 'K8S_NO_NODES'
  | 'K8S_CONFIG'
  | 'K8S_UNREACHABLE'
  | 'K8S_GONE'
  | 'TARGET_LOST'
  | 'SETUP_COMMAND_FAILED'
  | 'MESH_FAILED'
  | 'REGRESSION'
  | 'PUSH_FAILED'
  | 'INTERNAL';

/** Usage and input errors exit with 2, everything else with 1. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'CONFIG_INVALID',
  'CONFIG_NOT_FOUND',
  'RESULT_INVALID',
  'RESULT_NOT_FOUND',
  'IMPORT_INVALID',
  'OUTPUT_EXISTS',
  'OUTPUT_UNWRITABLE',
]);

/**
 * The one error type cnibench throws. `code` is stable; `message` names the input and
 * `hint` says how to fix it.
 */
export class CnibenchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; details?: string; cause?: unknown } = {},
  ) {
    // Credentials never reach a message, wherever it is printed or saved.
    super(redact(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CnibenchError';
    this.code = code;
    this.hint = opts.hint === undefined ? undefined : redact(opts.hint);
    this.details = opts.details === undefined ? undefined : redact(opts.details);
  }

  get exitCode(): number {
    if (this.code === 'INTERRUPTED') return 130;
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }
}

export function isCnibenchError(e: unknown): e is CnibenchError {
  return e instanceof CnibenchError;
}

/** A plain-data error for result documents. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  hint?: string;
}

/** How errors are stored in result documents (codes of other versions are kept as text). */
export const ErrorDataSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});

export function toErrorData(e: unknown): ErrorData {
  if (e instanceof CnibenchError) {
    return e.hint === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, hint: e.hint };
  }
  return { code: 'INTERNAL', message: redact(e instanceof Error ? e.message : String(e)) };
}

/** An error as result documents hold it (codes of other versions are kept as text). */
export type StoredError = z.infer<typeof ErrorDataSchema>;
