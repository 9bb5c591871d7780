/**
 * `node:net` in the function bundles (esbuild `alias`, see BUNDLE in
 * lib/constructs/redress-function.ts): `isIP`, from the module loaded on first call.
 * Importing `node:net` as an ES module makes Node read every export of it, and its
 * lazy `BlockList` and `SocketAddress` exports then load modules no function uses
 * (http/client-address.ts needs only `isIP`). Loading the module itself
 * (`process.getBuiltinModule`, lazy-builtin.ts) reads none of them.
 */
import type * as net from 'node:net';
import { lazyModule } from './lazy-builtin';

const netModule = lazyModule<typeof net>('node:net');

export const isIP: typeof net.isIP = (input) => netModule().isIP(input);
