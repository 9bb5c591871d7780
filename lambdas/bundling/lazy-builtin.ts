// `process.getBuiltinModule` (Node 20.16+, 22.3+), not `createRequire` from node:module: an ES
// import of node:module reads all its exports at import (~3 M instructions every cold start), and
// esbuild leaves this call alone (an aliased built-in loaded with `require('node:…')` would be
// aliased back to its stand-in).
const load = (specifier: string): unknown => process.getBuiltinModule(specifier);

/** A Node built-in module, loaded on first use instead of at import. */
export const lazyModule = <T>(specifier: string): (() => T) => {
  let module: T | undefined;
  return () => {
    module ??= load(specifier) as T;
    return module;
  };
};

type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * A class of a lazily loaded module that behaves as the class itself — `new`,
 * `instanceof`, `extends`, static members — and loads the module only when one
 * of those is first used.
 */
export const lazyClass = <C extends AnyClass>(get: () => C): C => {
  const stand: C = new Proxy(function LazyClass() {} as unknown as C, {
    construct: (_target, args, newTarget) =>
      Reflect.construct(get() as never, args, newTarget === stand ? get() : newTarget),
    get: (_target, key) => Reflect.get(get(), key),
  });
  return stand;
};
