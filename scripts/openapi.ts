import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes the OpenAPI document that GET /openapi.json serves, for the linter
 * and the typed client (`npm run contract`). Usage: tsx scripts/openapi.ts <out.json>
 */
process.env.TABLE_NAME ??= 'contract'; // the schemas read the configuration; no table is touched
const out = process.argv[2] ?? 'generated/openapi.json';
import('../lambdas/openapi-document').then(({ openApiDocument }) => {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
});
