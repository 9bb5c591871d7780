/**
 * `node:timers` in the function bundles (esbuild `alias`, see BUNDLE in
 * lib/constructs/redress-function.ts). Importing a built-in as an ES module makes
 * Node read every export of it, and `node:timers` has a lazy `promises` export that
 * then loads `timers/promises`; @middy/core imports only `setTimeout`, which is the
 * global one (Node's `require('node:timers').setTimeout === globalThis.setTimeout`).
 */
export const { setTimeout, clearTimeout } = globalThis;
