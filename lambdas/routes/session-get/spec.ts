import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'session-get',
  method: 'GET',
  path: '/session',
  auth: 'customer',
  summary: "The customer token's phone and expiry, to restore a signed-in screen",
  tag: 'otp',
  status: 200,
  response: 'CurrentSession',
  // Reads the token only (the authentication).
  table: 'read',
});
