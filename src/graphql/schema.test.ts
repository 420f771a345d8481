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
  });

  it('keeps the resolvers of fields that have one', () => {
    expect(field('Organization', 'auditEvents').resolve).toEqual(expect.any(Function));
    expect(field('WorkspaceMember', 'user').resolve).toEqual(expect.any(Function));
    expect(field('Query', 'viewer').resolve).toEqual(expect.any(Function));
  });
});
