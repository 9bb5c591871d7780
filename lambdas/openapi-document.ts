import { answers, type RouteSpec } from './http/spec';
import { OPENAPI_EXAMPLES } from './openapi-examples';
import { ROUTES } from './routes';
import { problemSchema } from './schemas/common';
import { REQUESTS } from './schemas/requests';
import { RESPONSES } from './schemas/responses';
import * as z from './schemas/z';

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schema for OpenAPI 3.1: no `$schema`/`$id`, and a date-time is its `format`, not zod's long pattern. */
function tidy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tidy);
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema' || k === '$id') continue;
    if (k === 'pattern' && (schema as JsonSchema).format === 'date-time') continue;
    out[k] = tidy(v);
  }
  return out;
}

/** Named schemas as components: a schema registered under another name becomes a `$ref` to it. */
function components(
  named: Record<string, z.ZodMiniType>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return tidy(schemas) as Record<string, JsonSchema>;
}

const inline = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  tidy(z.toJSONSchema(schema, { io, unrepresentable: 'any' })) as JsonSchema;

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: malformed JSON, a schema violation or a bad parameter (`errors` names each field)',
  401: 'Missing, malformed, expired or revoked token, or a wrong code',
  403: 'The caller’s group may not do this',
  404: 'No such route or record (or not yours)',
  409: 'State conflict',
  413: 'Body larger than 16 KiB',
  415: 'A body that is not JSON, or a charset other than UTF-8',
  422: 'The Idempotency-Key was used with a different body',
  429: 'Rate limited: retry after `Retry-After` seconds',
  500: 'Internal error; nothing about it is revealed',
  502: 'The text message (OTP) could not be sent: retry after `Retry-After` seconds',
  503: 'Not ready: a dependency does not answer',
};

const HEADERS = {
  'Retry-After': {
    description: 'Seconds until the same request would be accepted',
    schema: { type: 'integer', minimum: 1 },
  },
  'WWW-Authenticate': {
    description:
      'RFC 6750 challenge: `Bearer`, with `error="invalid_token"` when a token was sent but refused',
    schema: { type: 'string' },
  },
  'X-Correlation-Id': {
    description:
      'The request’s correlation id (the caller’s X-Correlation-Id when plausible); quote it to support',
    schema: { type: 'string' },
  },
};

function problem(status: number) {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
    headers: {
      'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' },
      ...(status === 429 || status === 502
        ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } }
        : {}),
      ...(status === 401 ? { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } } : {}),
    },
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
}

const requestName = (route: RouteSpec): string | undefined =>
  route.body ? Object.entries(REQUESTS).find(([, schema]) => schema === route.body)?.[0] : undefined;

const operationId = (route: RouteSpec) => route.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function parameters(route: RouteSpec) {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => {
    const name = m[1] as string;
    const params = route.params ? inline(route.params, 'input') : undefined;
    const schema = (params?.properties as Record<string, unknown> | undefined)?.[name] ?? { type: 'string' };
    return { name, in: 'path', required: true, schema };
  });
  const query = route.query ? inline(route.query, 'input') : undefined;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const queryParams = Object.entries((query?.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name) && schema.default === undefined,
      schema,
    }),
  );
  const idempotency = route.idempotent
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Any unique string (e.g. a UUID) per intended request: the same key and body within 24 h return the first answer and create nothing new.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      ]
    : [];
  return [...path, ...queryParams, ...idempotency];
}

function operation(route: RouteSpec) {
  const body = requestName(route);
  const responses: Record<string, unknown> = {
    [route.status]: {
      description: route.summary,
      headers: { 'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' } },
      ...(route.response
        ? {
            content: {
              'application/json': {
                schema: ref(route.response),
                ...(OPENAPI_EXAMPLES[route.response] ? { example: OPENAPI_EXAMPLES[route.response] } : {}),
              },
              // Other media types chosen by Accept (e.g. text/csv): a string body with its example.
              ...Object.fromEntries(
                (route.alternatives ?? []).map((alt) => [
                  alt.mediaType,
                  { schema: { type: 'string', description: alt.description }, example: alt.example },
                ]),
              ),
            },
          }
        : {}),
    },
  };
  for (const status of answers(route)) if (status !== route.status) responses[status] = problem(status);
  return {
    operationId: operationId(route),
    summary: route.summary,
    tags: [route.tag],
    security:
      route.auth === 'customer'
        ? [{ customerToken: [] }]
        : route.auth === 'staff'
          ? [{ staffToken: [] }]
          : [],
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: body ? ref(body) : inline(route.body, 'input'),
                ...(body && OPENAPI_EXAMPLES[body] ? { example: OPENAPI_EXAMPLES[body] } : {}),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

const TAGS = [
  { name: 'system', description: 'Health and this document' },
  { name: 'otp', description: 'Customer identity: SMS one-time passwords and sessions' },
  { name: 'service-orders', description: 'Repair tracking' },
  { name: 'grievances', description: 'Grievances and the 3-level escalation matrix' },
];

/**
 * The OpenAPI 3.1 document, generated from the route specs and the zod schemas
 * that validate requests: every request body, response and problem a named
 * component, every status a route answers with its schema and headers.
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redress API',
      version: '1.1.0',
      description:
        'After-sales grievance redressal (a 3-level escalation matrix) and repair tracking. Errors are RFC 9457 problem details with a stable `code`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    tags: TAGS,
    paths,
    components: {
      schemas: {
        ...components(REQUESTS, 'input'),
        ...components({ ...RESPONSES, Problem: problemSchema }, 'output'),
      },
      headers: HEADERS,
      securitySchemes: {
        customerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The accessToken from POST /otp/verify',
        },
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The staff identity provider’s (Cognito) ID token',
        },
      },
    },
  };
}
