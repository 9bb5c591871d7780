import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import * as z from '../lambdas/schemas/z';

/**
 * Keywords dropped from API Gateway models. The zod schemas normalise strings
 * before they check them (trim, upper-case, strip spaces from an IMEI, read a
 * national phone number), so a pattern or length applied by API Gateway to the
 * raw input would refuse requests the function accepts. `format` is dropped
 * for the same reason (and draft 4's date-time is looser than ours anyway).
 * The function validates all of them with per-field messages; the gateway
 * model only turns away what no normalisation can fix: wrong JSON types,
 * missing or unknown fields, values outside an enum, numbers out of range.
 */
const DROPPED = new Set(['$schema', 'pattern', 'format', 'minLength', 'maxLength', 'description', 'title']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function strip(node: Json, path: string): Json {
  if (Array.isArray(node)) return node.map((item, i) => strip(item, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' || key === 'definitions' || key === '$defs')
      throw new Error(`request model: references are not supported by API Gateway models (${path}/${key})`);
    if (DROPPED.has(key)) continue;
    // Under `properties` every key is a field name, never a keyword.
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, strip(schema, `${path}/properties/${name}`)]),
      );
    } else {
      out[key] = strip(value, `${path}/${key}`);
    }
  }
  return out;
}

/**
 * The API Gateway model (JSON Schema draft 4) for a request body, generated
 * from the same zod schema the function validates with, so the two cannot
 * disagree about shape: the model is never stricter than the function.
 */
export function requestModelSchema(schema: z.ZodMiniType): JsonSchema {
  const draft4 = z.toJSONSchema(schema, { io: 'input', target: 'draft-04', unrepresentable: 'any' });
  // CDK writes `$schema: draft-04` itself and keeps field names under `properties` as they are.
  return strip(draft4 as Json, '#') as JsonSchema;
}
