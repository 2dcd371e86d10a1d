/** Environment facts recorded with every scenario (SPEC 6.7). Free-form but flat. */
export type Environment = Record<string, string | number | boolean | null>;
