import { getDirective } from '@graphql-tools/utils';
import { isObjectType } from 'graphql';
import { buildModulesSchema } from '../services';
import { AccessRole, OrgRole, PERMISSIONS, WorkspaceRole, effectiveWorkspaceRole, orgRoleSatisfies, workspaceRoleSatisfies, type PermissionRule } from './permissions';

describe('the permission table', () => {
  it('lists who can reach every root field and every protected field (review this diff)', async () => {
    const schema = await buildModulesSchema();
    const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
    const lines = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields()).flatMap((field) => {
          const auth = getDirective(schema, field, 'auth')?.[0] as { requires: string; scope?: string; permission?: string; projectKey?: boolean } | undefined;
          if (!auth && !roots.has(type.name)) return [];
          const access = auth
            ? `${auth.requires}${auth.permission ? ` ${auth.permission}` : ''}${auth.scope ? ` or key scope ${auth.scope}` : ''}${auth.projectKey ? ' or the project key' : ''}`
            : 'anyone';
          return [`${type.name}.${field.name}: ${access}`];
        }),
      )
      .sort();
    expect(lines).toMatchSnapshot();
  });

  it('gives a key no scope its creator lacks: every scoped permission needs at most the role that creates keys', () => {
    expect(PERMISSIONS.apiKeysManage.requires).toBe(AccessRole.ADMIN);
    const scoped = (Object.values(PERMISSIONS) as PermissionRule[]).filter((rule) => rule.scope);
    expect(scoped.length).toBeGreaterThan(0);
    for (const rule of scoped) expect([rule.scope, workspaceRoleSatisfies(WorkspaceRole.ADMIN, rule.requires)]).toEqual([rule.scope, true]);
  });

  it('ranks workspace roles ADMIN > EDITOR > VIEWER and makes org owners implicit admins', () => {
    expect(workspaceRoleSatisfies(WorkspaceRole.ADMIN, AccessRole.EDITOR)).toBe(true);
    expect(workspaceRoleSatisfies(WorkspaceRole.EDITOR, AccessRole.EDITOR)).toBe(true);
    expect(workspaceRoleSatisfies(WorkspaceRole.EDITOR, AccessRole.ADMIN)).toBe(false);
    expect(workspaceRoleSatisfies(WorkspaceRole.VIEWER, AccessRole.VIEWER)).toBe(true);
    expect(workspaceRoleSatisfies(WorkspaceRole.VIEWER, AccessRole.EDITOR)).toBe(false);
    expect(workspaceRoleSatisfies(WorkspaceRole.ADMIN, AccessRole.ORG_OWNER)).toBe(false);
    expect(effectiveWorkspaceRole(WorkspaceRole.VIEWER, OrgRole.OWNER)).toBe(WorkspaceRole.ADMIN);
    expect(effectiveWorkspaceRole(null, OrgRole.MEMBER)).toBeNull();
    expect(orgRoleSatisfies(OrgRole.MEMBER, AccessRole.ORG_OWNER)).toBe(false);
    expect(orgRoleSatisfies(OrgRole.MEMBER, AccessRole.ORG_MEMBER)).toBe(true);
  });
});
