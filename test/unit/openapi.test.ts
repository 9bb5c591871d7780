// The phone schema reads the configuration (country codes); no table is touched.
process.env.TABLE_NAME ??= 'unit-openapi';

import { openApiDocument } from '../../lambdas/openapi-document';
import { OPENAPI_EXAMPLES } from '../../lambdas/openapi-examples';
import { ROUTES } from '../../lambdas/routes';
import { problemSchema } from '../../lambdas/schemas/common';
import { REQUESTS } from '../../lambdas/schemas/requests';
import { RESPONSES } from '../../lambdas/schemas/responses';

type Operation = {
  security: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }>; headers?: object }>;
  parameters: { name: string; in: string }[];
};

const doc = openApiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
);

describe('the OpenAPI document', () => {
  it('names every request body and every response as a component', () => {
    for (const route of ROUTES) {
      const op = (doc.paths[route.path] as Record<string, Operation>)[route.method.toLowerCase()];
      if (route.body)
        expect([route.name, op?.requestBody?.content['application/json']?.schema.$ref]).toEqual([
          route.name,
          expect.stringMatching(/^#\/components\/schemas\/\w+$/),
        ]);
      if (route.response)
        expect(op?.responses[route.status]?.content?.['application/json']?.schema.$ref).toBe(
          `#/components/schemas/${route.response}`,
        );
    }
  });

  it('has a component for every $ref it makes', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/(schemas|headers)\/([\w-]+)"/g)];
    expect(refs.length).toBeGreaterThan(ROUTES.length);
    for (const [, kind, name] of refs)
      expect([
        kind,
        name,
        (doc.components as Record<string, Record<string, unknown>>)[kind as string]?.[name as string] !==
          undefined,
      ]).toEqual([kind, name, true]);
  });

  it('says security: [] on public routes and a bearer scheme on the others', () => {
    for (const route of ROUTES) {
      const op = (doc.paths[route.path] as Record<string, Operation>)[route.method.toLowerCase()];
      expect([route.name, op?.security]).toEqual([
        route.name,
        route.auth === 'none' ? [] : [{ [route.auth === 'staff' ? 'staffToken' : 'customerToken']: [] }],
      ]);
    }
  });

  it('documents problems as application/problem+json, with Retry-After on 429 and WWW-Authenticate on 401', () => {
    for (const { path, method, op } of operations) {
      const problems = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect([path, method, problems.length > 0]).toEqual([path, method, true]);
      for (const [status, response] of problems) {
        expect(response.content?.['application/problem+json']?.schema.$ref).toBe(
          '#/components/schemas/Problem',
        );
        if (status === '429') expect(Object.keys(response.headers ?? {})).toContain('Retry-After');
        if (status === '401') expect(Object.keys(response.headers ?? {})).toContain('WWW-Authenticate');
      }
    }
  });

  it('declares Idempotency-Key on the routes that honour it', () => {
    const withKey = operations.filter(({ op }) => op.parameters.some((p) => p.name === 'Idempotency-Key'));
    expect(withKey.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      ROUTES.filter((r) => r.idempotent)
        .map((r) => `${r.method.toLowerCase()} ${r.path}`)
        .sort(),
    );
    expect(withKey.length).toBeGreaterThan(0);
  });

  it('types every timestamp as date-time', () => {
    const grievance = (
      doc.components.schemas as Record<string, { properties: Record<string, { format?: string }> }>
    ).OtpChallenge;
    expect(grievance?.properties.expiresAt?.format).toBe('date-time');
  });

  it('has an example for every component, and each example matches its schema', () => {
    const schemas = { ...REQUESTS, ...RESPONSES, Problem: problemSchema } as Record<
      string,
      { safeParse(v: unknown): { success: boolean; error?: unknown } }
    >;
    expect(Object.keys(OPENAPI_EXAMPLES).sort()).toEqual(Object.keys(schemas).sort());
    for (const [name, example] of Object.entries(OPENAPI_EXAMPLES)) {
      const result = schemas[name]?.safeParse(example);
      expect([name, result?.success, result?.error]).toEqual([name, true, undefined]);
    }
  });
});
