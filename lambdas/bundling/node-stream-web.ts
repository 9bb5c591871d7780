/**
 * `node:stream/web` in the function bundles (esbuild `alias`, see BUNDLE in
 * lib/constructs/redress-function.ts): its `ReadableStream`, loaded when first used
 * instead of at import. @middy/core imports it at the top of its module for response
 * streaming, which Redress does not use, and loading Node's web streams is a tenth of
 * the AWS SDK's own import work (test/infra/bundles.test.ts proves it is not loaded).
 * A dependency importing anything else from `node:stream/web` fails the build loudly.
 */
import type * as web from 'node:stream/web';
import { lazyClass, lazyModule } from './lazy-builtin';

const streamWeb = lazyModule<typeof web>('node:stream/web');

export const ReadableStream = lazyClass(() => streamWeb().ReadableStream);
