import { httpRoute } from '../http/route';
import { openApiDocument } from '../openapi-document';

let document: ReturnType<typeof openApiDocument> | undefined;

/** GET /openapi.json — generated from the same schemas that validate requests. */
export const handler = httpRoute({
  auth: 'none',
  handler: async () => {
    document ??= openApiDocument();
    return { body: document };
  },
});
