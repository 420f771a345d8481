import type { LoaderContext, LoaderFactories, Loaders } from '../module';

/**
 * A class whose instances are one request's DataLoaders: each is built the first time a resolver
 * reads it, so a request pays only for the loaders it uses, and nothing is cached across requests.
 */
export function createLoaderSet(factories: LoaderFactories): new (context: LoaderContext) => Loaders {
  class RequestLoaders {
    constructor(readonly context: LoaderContext) {}
  }
  for (const [name, factory] of Object.entries(factories)) {
    Object.defineProperty(RequestLoaders.prototype, name, {
      get(this: RequestLoaders) {
        const loader = factory(this.context);
        Object.defineProperty(this, name, { value: loader });
        return loader;
      },
    });
  }
  return RequestLoaders as unknown as new (context: LoaderContext) => Loaders;
}
