import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUTES_DIR = join(__dirname, '..', '..', 'lambdas', 'routes');
const SCHEMAS_DIR = join(__dirname, '..', '..', 'lambdas', 'schemas');

/** The schema modules the route specs (and so the functions' bundles) import, and what those import. */
const direct = [
  ...new Set(
    readdirSync(ROUTES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => [
        ...readFileSync(join(ROUTES_DIR, d.name, 'spec.ts'), 'utf8').matchAll(
          /from '\.\.\/\.\.\/schemas\/([\w-]+)'/g,
        ),
      ])
      .map((m) => m[1] as string),
  ),
];
const specSchemaModules = [...direct];
for (const name of specSchemaModules)
  for (const m of readFileSync(join(SCHEMAS_DIR, `${name}.ts`), 'utf8').matchAll(/from '\.\/([\w-]+)'/g))
    if (m[1] !== 'z' && !specSchemaModules.includes(m[1] as string)) specSchemaModules.push(m[1] as string);
specSchemaModules.sort();

describe('the schema modules a function bundles', () => {
  it('are found from the route specs', () => {
    expect(specSchemaModules).toEqual(
      expect.arrayContaining(['common', 'grievance', 'otp', 'service-order']),
    );
  });

  it.each(specSchemaModules)(
    '%s builds no schema at import unless a bundle uses it (every top-level schema is a pure defineSchema)',
    (name) => {
      const source = readFileSync(join(SCHEMAS_DIR, `${name}.ts`), 'utf8');
      const eager = [...source.matchAll(/^(?:export )?const (\w+) = z\./gm)].map((m) => m[1]);
      expect(eager).toEqual([]);
    },
  );

  it('never import the OpenAPI-only response modules', () => {
    for (const dir of readdirSync(ROUTES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const file of ['spec.ts', 'handler.ts'])
        expect([dir.name, file, readFileSync(join(ROUTES_DIR, dir.name, file), 'utf8')]).not.toEqual([
          dir.name,
          file,
          expect.stringMatching(/schemas\/(responses|[\w-]+-response)'/),
        ]);
  });
});
