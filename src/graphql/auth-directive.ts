import { DirectiveLocation, GraphQLDirective, GraphQLEnumType, GraphQLBoolean, GraphQLNonNull, GraphQLString, defaultFieldResolver, type GraphQLFieldConfig, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { Directive } from 'type-graphql';
import { ACCESS_ROLE_DESCRIPTIONS, AccessRole, PERMISSIONS, type Permission, type PermissionRule } from '../auth/permissions';
import type { Context } from './context';

export interface AccessRequirement {
  requires: AccessRole;
  /** The workspace API-key scope that grants the same access, where one does. */
  scope?: string;
  /** For a project field: the project permission it needs. */
  permission?: string;
  /** The project's own API key may reach it. */
  projectKey?: boolean;
}

export interface AccessTarget {
  parent: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
}

/** Returns nothing when access is granted (synchronously when the caller's role is already loaded) or throws. */
export type AccessCheck = (context: Context, requirement: AccessRequirement, target: AccessTarget) => void | Promise<void>;

const accessRoleEnum = new GraphQLEnumType({
  name: 'AccessRole',
  description: 'What a caller must be to reach a field marked with @auth.',
  values: Object.fromEntries(Object.values(AccessRole).map((role) => [role, { value: role, description: ACCESS_ROLE_DESCRIPTIONS[role] }])),
});

export const authDirective = new GraphQLDirective({
  name: 'auth',
  description: 'The field needs a caller with this role in the organization, workspace or project that owns it; `scope` is the API-key scope that also grants it; `permission` the project permission it needs; `projectKey` whether the project API key reaches it.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    requires: { type: new GraphQLNonNull(accessRoleEnum) },
    scope: { type: GraphQLString },
    permission: { type: GraphQLString },
    projectKey: { type: GraphQLBoolean },
  },
});

/** Declares the permission a field needs, from the one table; printed into schema.graphql so clients see it. */
export function Requires(permission: Permission): MethodDecorator & PropertyDecorator {
  const { requires, scope, permission: projectPermission, projectKey } = PERMISSIONS[permission] as PermissionRule;
  const args = [`requires: ${requires}`, scope && `scope: "${scope}"`, projectPermission && `permission: "${projectPermission}"`, projectKey && 'projectKey: true'].filter(Boolean);
  return Directive(`@auth(${args.join(', ')})`);
}

/**
 * Wraps the resolvers of the fields that carry `@auth`, and only those: a field without it keeps its
 * resolver untouched and pays nothing. When the check answers synchronously the resolver is called
 * synchronously too, so no promise is created for an already-known role.
 */
export function applyAuthDirective(schema: GraphQLSchema, check: AccessCheck): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig: GraphQLFieldConfig<unknown, Context>) => {
      const directive = getDirective(schema, fieldConfig, authDirective.name)?.[0];
      if (!directive) return fieldConfig;
      const requirement = directive as AccessRequirement;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve(parent, args, context, info) {
          const pending = check(context, requirement, { parent, args, info });
          return pending ? pending.then(() => resolve(parent, args, context, info)) : resolve(parent, args, context, info);
        },
      };
    },
  });
}
