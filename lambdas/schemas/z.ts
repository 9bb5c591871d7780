import { config } from 'zod/mini';

type Issue = {
  code?: string;
  expected?: unknown;
  input?: unknown;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  format?: string;
  values?: unknown[];
  keys?: string[];
  divisor?: unknown;
};

const unit = (origin: string | undefined) =>
  origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';

/**
 * English messages for client-facing validation errors. zod/mini has none by
 * default ("Invalid input"), and importing zod's locales pulls all of them
 * (~250 KB) into every bundle, so the few we need are here.
 */
export function englishMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${String(issue.expected)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${unit(issue.origin)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${unit(issue.origin)}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field(s) ${(issue.keys ?? []).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'is invalid';
  }
}

config({ localeError: (issue) => englishMessage(issue as Issue) });

// Re-exported statically (not as a namespace value) so bundles keep only the parts they use.
export * from 'zod/mini';

/**
 * A schema (or group of schemas) built at import by `make`. Call it as
 * `/* @__PURE__ *\/ z.defineSchema(() => ...)` so that esbuild drops it from a
 * bundle that never uses it: zod/mini marks its builders side-effect free only
 * within its own files, and `.check(...)` calls and helpers are never assumed
 * pure, so without this every function built every schema of each module it
 * imports from (the staff queue's function built all the grievance bodies).
 */
export function defineSchema<T>(make: () => T): T {
  return make();
}
