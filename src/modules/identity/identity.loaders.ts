import type DataLoader from 'dataloader';
import type { LoaderContext } from '../../module';
import { DomainError, ErrorCode } from '../../core/errors';
import { USER_COLUMNS, toUser, type UserRow } from './identity.mappers';
import type { User } from './identity.types';
import { pickByIdLoader, type Embedded } from '../../db/loader-helpers';
import { UserEntity } from './user.entity';

export function createIdentityLoaders() {
  return { user: ({ dataSource }: LoaderContext) => pickByIdLoader(dataSource, UserEntity, USER_COLUMNS) };
}

/** A membership list reads each member's user in the same statement (`pickByForeignKeyLoader`), as `userRow`. */
export const EMBEDDED_USER: Embedded<UserEntity> = { as: 'userRow', via: 'userId', entity: UserEntity, properties: USER_COLUMNS };

/** A user referenced by id from another object (a member, an event), through the request's loader. */
export async function loadUser(loaders: { user: DataLoader<string, UserRow | null> }, userId: string): Promise<User> {
  const user = await loaders.user.load(userId);
  if (!user) throw new DomainError(ErrorCode.NOT_FOUND, 'User not found');
  return toUser(user);
}
