import type { GatehouseModule } from '../../module';
import { MemberErasureResolver } from './member-erasure.resolver';
import { MemberErasureService } from './member-erasure.service';
import { memberErasureRoutes } from './member-erasure.rest';

declare module '../../module' {
  interface Services {
    memberErasure: MemberErasureService;
  }
}

export const memberErasureModule: GatehouseModule = {
  name: 'member-erasure',
  services: ({ dataSource }, s) => ({ memberErasure: new MemberErasureService(dataSource, s.audit, s.workspaces) }),
  resolvers: [[MemberErasureResolver, (s) => new MemberErasureResolver(s.memberErasure)]],
  restRoutes: memberErasureRoutes,
};
