import { answers } from './http/spec';
import { ROUTES } from './routes';
import { problemSchema } from './schemas/common';
import { RESPONSES } from './schemas/responses';
import * as z from './schemas/z';

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or invalid token',
  403: 'Group not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Idempotency-Key reused with another body',
  429: 'Rate limited',
  500: 'Internal error',
  503: 'Not ready: a dependency does not answer',
};

/** The OpenAPI 3.1 document, generated from the route list and the zod schemas that validate requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.query ? jsonSchema(route.query, 'input') : undefined;
    const queryParams = query
      ? Object.entries((query.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
          name,
          in: 'query',
          schema,
        }))
      : [];
    const responses: Record<string, unknown> = {
      [route.status]: {
        description: 'Success',
        ...(route.response
          ? {
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.response}` } } },
            }
          : {}),
      },
    };
    for (const status of answers(route))
      if (status !== route.status) responses[status] = problem(PROBLEM_DESCRIPTIONS[status] ?? 'Error');
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'customer' ? { security: [{ customerToken: [] }] } : {}),
      ...(route.auth === 'staff' ? { security: [{ staffToken: [] }] } : {}),
      parameters: [...params, ...queryParams],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redress API',
      version: '1.0.0',
      description: 'After-sales grievance redressal and repair tracking.',
    },
    paths,
    components: {
      schemas: {
        Problem: jsonSchema(problemSchema, 'output'),
        ...Object.fromEntries(
          Object.entries(RESPONSES).map(([name, schema]) => [name, jsonSchema(schema, 'output')]),
        ),
      },
      securitySchemes: {
        customerToken: { type: 'http', scheme: 'bearer', description: 'Token from POST /otp/verify' },
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Staff identity provider (Cognito) ID token',
        },
      },
    },
  };
}
