import type * as z from 'zod/mini';
import { type FieldError, ValidationError } from '../errors';

/** Parses `input` with `schema`, or throws a 400 naming every bad field (dotted paths, prefixed). */
export function parseOrThrow<T>(schema: z.ZodMiniType<T>, input: unknown, prefix = ''): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    if (unknownKeys) {
      for (const k of unknownKeys) {
        const p = path ? `${path}.${k}` : k;
        if (!seen.has(p)) errors.push({ path: p, message: 'is not a known field' });
        seen.add(p);
      }
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({ path, message: issue.message });
  }
  throw new ValidationError(errors);
}
