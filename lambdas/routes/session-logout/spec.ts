import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'session-logout',
  method: 'POST',
  path: '/session/logout',
  auth: 'customer',
  summary: 'Revoke the customer token at once (later calls with it are 401)',
  tag: 'otp',
  status: 204,
  // Deletes the token's item.
  table: 'readwrite',
});
