import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/**
 * Schema compilers that compile a route's validator or serializer on its first use
 * instead of at `app.ready()`. Compiling all ~270 routes takes most of a second, which
 * every test file paid again for the few routes it calls; the server itself compiles
 * eagerly so a broken schema still fails at start (see BuildOptions.lazySchemas).
 */
type Compiled = ((...args: never[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };

function onFirstCall<F extends Compiled>(compile: () => F): F {
  let compiled: F | undefined;
  const get = () => (compiled ??= compile());
  const wrapper = (...args: Parameters<F>) => get()(...args);
  // Fastify reads ajv's `errors` after a failed call and passes parent data when `schemaEnv` is set.
  Object.defineProperties(wrapper, {
    errors: { get: () => get().errors },
    schemaEnv: { get: () => get().schemaEnv },
  });
  return wrapper as unknown as F;
}

export function lazyCompilersFactory(): CompilersFactory {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  return {
    buildValidator: ((...factoryArgs: Parameters<typeof validators>) => {
      const compilerFor = validators(...factoryArgs);
      return (route: Parameters<typeof compilerFor>[0]) => onFirstCall(() => compilerFor(route) as unknown as Compiled);
    }) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: ((...factoryArgs: Parameters<typeof serializers>) => {
      const compilerFor = serializers(...factoryArgs);
      return (route: Parameters<typeof compilerFor>[0]) => onFirstCall(() => compilerFor(route) as unknown as Compiled);
    }) as unknown as CompilersFactory['buildSerializer'],
  };
}
