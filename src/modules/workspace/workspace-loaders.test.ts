import { randomUUID } from 'node:crypto';
import { ViewerTreeDocument } from '../../testing/generated/graphql';
import { createUser, type TestUser } from '../../testing/fixtures';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** Seeds organizations × workspaces × members in SQL (the shape, not the API, is under test here). */
async function seedTree(app: TestApp, viewer: TestUser, organizations: number, workspaces: number, members: number): Promise<void> {
  const db = app.infra.dataSource;
  const userIds: string[] = await Promise.all(
    Array.from({ length: members }, async (_, i) => {
      const id = randomUUID();
      await db.query(`INSERT INTO "user" (id, email, email_normalized, name) VALUES ($1, $2, $2, $3)`, [id, `m${i}-${id}@example.com`, `Member ${i}`]);
      return id;
    }),
  );
  for (let o = 0; o < organizations; o++) {
    const [{ id: organizationId }] = await db.query(`INSERT INTO organization (name) VALUES ($1) RETURNING id`, [`Org ${o}`]);
    await db.query(`INSERT INTO org_membership (organization_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [organizationId, viewer.id]);
    await db.query(`INSERT INTO org_membership (organization_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'MEMBER'`, [organizationId, userIds]);
    for (let w = 0; w < workspaces; w++) {
      const [{ id: workspaceId }] = await db.query(
        `INSERT INTO workspace (organization_id, slug, region, name, data_retention_days, seat_limit) VALUES ($1, $2, 'eu-west-1', $3, 90, 100) RETURNING id`,
        [organizationId, `tree-${randomUUID()}`, `WS ${w}`],
      );
      await db.query(`INSERT INTO workspace_membership (workspace_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'VIEWER'`, [workspaceId, userIds]);
    }
  }
}

describe('per-request DataLoaders', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The unpaginated tree may hold 100 × 100 × 500 members, far past the default cost limit; only statements are under test.
    app = await startTestApp({ env: { GRAPHQL_MAX_COST: '100000000' } });
  });
  afterAll(() => app.stop());

  async function statementsFor(viewer: TestUser) {
    app.queries.reset();
    const { viewer: tree } = await app.ok(ViewerTreeDocument, {}, { token: viewer.token });
    return { statements: app.queries.count, tree };
  }

  it('answers viewer → organizations → workspaces → members → user in the same number of SQL statements at any size', async () => {
    const small = await createUser(app, 'small');
    const large = await createUser(app, 'large');
    await seedTree(app, small, 1, 1, 1);
    await seedTree(app, large, 5, 10, 30);

    const few = await statementsFor(small);
    const many = await statementsFor(large);
    expect(many.tree.organizations).toHaveLength(5);
    expect(many.tree.organizations.flatMap((o) => o.workspaces)).toHaveLength(50);
    expect(many.tree.organizations.flatMap((o) => o.workspaces.flatMap((w) => w.members))).toHaveLength(1500);
    expect(many.tree.organizations[0].workspaces[0].members[0].user.email).toMatch(/@example\.com$/);
    expect(few.tree.organizations.flatMap((o) => o.workspaces.flatMap((w) => w.members))).toHaveLength(1);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(7);

    // Timestamps cross the read path as epoch milliseconds: the ones shown are the stored ones, to the millisecond.
    const workspace = many.tree.organizations[0].workspaces[0];
    const member = workspace.members[0];
    const [stored] = await app.infra.dataSource.query(
      `SELECT m.created_at AS joined, u.created_at AS "signedUp" FROM workspace_membership m JOIN "user" u ON u.id = m.user_id WHERE m.workspace_id = $1 AND u.email = $2`,
      [workspace.id, member.user.email],
    );
    expect(member.createdAt).toBe(stored.joined.toISOString());
    expect(member.user.createdAt).toBe(stored.signedUp.toISOString());
  });
});
