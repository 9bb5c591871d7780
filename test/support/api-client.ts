import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/api';
import { ROUTES } from '../../lambdas/routes';
import { problemSchema } from '../../lambdas/schemas/common';
import { RESPONSES } from '../../lambdas/schemas/responses';
import { matchRoute } from '../../local/api-gateway-event';

/**
 * Checks every answer against the contract the OpenAPI document states: a
 * success body against its route's response schema, an error against Problem
 * (as application/problem+json). A drifting response throws, so the test fails.
 */
const conformance: Middleware = {
  async onResponse({ request, response }) {
    const url = new URL(request.url);
    const match = matchRoute(ROUTES, request.method, url.pathname);
    if (!match) return undefined;
    const { route } = match;
    const text = await response.clone().text();
    const what = `${request.method} ${url.pathname} → ${response.status}`;
    if (response.status === route.status) {
      if (!route.response) return undefined;
      const result = RESPONSES[route.response].safeParse(JSON.parse(text));
      if (!result.success)
        throw new Error(
          `${what}: body does not match ${route.response}: ${JSON.stringify(result.error.issues)}`,
        );
    } else if (response.status >= 400) {
      if (response.headers.get('content-type') !== 'application/problem+json')
        throw new Error(`${what}: a problem must be application/problem+json`);
      const result = problemSchema.safeParse(JSON.parse(text));
      if (!result.success)
        throw new Error(`${what}: body does not match Problem: ${JSON.stringify(result.error.issues)}`);
    } else {
      throw new Error(`${what}: a status the route does not document (${route.status})`);
    }
    return undefined;
  },
};

/** A client typed from the generated OpenAPI document, as a frontend team would use it. */
export function apiClient(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(conformance);
  return client;
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The Authorization header of a bearer token. */
export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
