import type { DataSource } from 'typeorm';
import { createIdentityLoaders } from '../modules/identity/identity.loaders';

/** Per-request DataLoaders of every module, made fresh for each request so nothing is cached across callers. */
export function createLoaders(dataSource: DataSource) {
  return {
    ...createIdentityLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
