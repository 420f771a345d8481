import type { DataSource } from 'typeorm';
import { byIdLoader } from '../../db/loader-helpers';
import { UserEntity } from './user.entity';

export function createIdentityLoaders(dataSource: DataSource) {
  return { user: byIdLoader(dataSource, UserEntity) };
}
