import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteSpec } from '../lambdas/routes';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A route's function as the host runs it: the deployed handler module and the name Lambda would give it. */
export interface RouteFunction {
  name: string;
  handler: LambdaHandler;
}

/**
 * The one place that knows how a route names its handler module (route → handler).
 * Each module is imported on first use, as a cold start would, and kept.
 */
export function routeFunctions(): (route: RouteSpec) => Promise<RouteFunction> {
  const loaded = new Map<string, RouteFunction>();
  return async (route) => {
    let fn = loaded.get(route.handler);
    if (!fn) {
      const mod = (await import(`../lambdas/handlers/${route.handler}`)) as { handler: LambdaHandler };
      fn = { name: route.handler, handler: mod.handler };
      loaded.set(route.handler, fn);
    }
    return fn;
  };
}
