import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteSpec } from '../lambdas/http/spec';
import { handlerEntry } from '../lambdas/routes';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A route's function as the host runs it: the deployed handler module and the name Lambda would give it. */
export interface RouteFunction {
  name: string;
  handler: LambdaHandler;
}

/**
 * Each route's handler module (`handlerEntry`), as the host runs it.
 * Each module is imported on first use, as a cold start would, and kept.
 */
export function routeFunctions(): (route: RouteSpec) => Promise<RouteFunction> {
  const loaded = new Map<string, RouteFunction>();
  return async (route) => {
    let fn = loaded.get(route.name);
    if (!fn) {
      const mod = (await import(`../lambdas/${handlerEntry(route)}`)) as { handler: LambdaHandler };
      fn = { name: route.name, handler: mod.handler };
      loaded.set(route.name, fn);
    }
    return fn;
  };
}
