/** One prerequisite `doctor` checks: whether it holds, what was found, and how to fix it. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** Not needed by anything this run would do: shown, never counted as a failure. */
  optional?: boolean;
}

/** What `doctor` found for one target, and which checks the target cannot work without. */
export interface DoctorReport {
  checks: Check[];
  essential: string[];
}

/** What `cleanup` removed, what it left alone and why, and what it could not remove. */
export interface CleanupReport {
  removed: string[];
  kept: { what: string; reason: string }[];
  errors: string[];
}
