import { httpRoute } from '../../http/route';
import { openApiDocument } from '../../openapi-document';
import { spec } from './spec';

let document: ReturnType<typeof openApiDocument> | undefined;

/** GET /openapi.json — generated from the same specs and schemas that validate requests. */
export const handler = httpRoute(spec, async () => {
  document ??= openApiDocument();
  return { body: document };
});
