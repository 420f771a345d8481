import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { buildModulesSchema } from '../services';

describe('the built schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildModulesSchema();
  });

  const field = (type: string, name: string) => {
    const object = schema.getType(type);
    if (!isObjectType(object)) throw new Error(`${type} is not an object type`);
    return object.getFields()[name];
  };

  it('reads plain properties without a resolver, so graphql-jit reads them inline', () => {
    for (const name of ['id', 'occurredAt', 'action', 'metadata', 'actor']) expect(field('AuditEvent', name).resolve).toBeUndefined();
    expect(field('AuditActor', 'email').resolve).toBeUndefined();
    expect(field('WorkspaceMember', 'role').resolve).toBeUndefined();
    // A member's user comes with the member (the list reads both in one statement): no call per member.
    expect(field('WorkspaceMember', 'user').resolve).toBeUndefined();
    expect(field('OrganizationMember', 'user').resolve).toBeUndefined();
  });

  it('keeps the resolvers of fields that have one', () => {
    expect(field('Organization', 'auditEvents').resolve).toEqual(expect.any(Function));
    expect(field('Workspace', 'members').resolve).toEqual(expect.any(Function));
    expect(field('Query', 'viewer').resolve).toEqual(expect.any(Function));
  });
});
