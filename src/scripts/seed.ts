import 'reflect-metadata';
import type { Actor } from '../auth/actor';
import { CredentialPrefix, generateCredential, hashCredential } from '../auth/credential-token';
import { WorkspaceRole } from '../auth/permissions';
import type { Clock } from '../clock';
import { loadConfigOrExit } from '../main';
import { createLogger } from '../logger';
import { RiskLevel } from '../modules/audit/audit-catalog';
import { DigestFrequency } from '../modules/audit-digest/digest-schedule';
import type { SignedIn } from '../modules/identity/identity.service';
import { UserEntity } from '../modules/identity/user.entity';
import { InvitationRole } from '../modules/invitation/invitation.entity';
import { attachToRunningDevelopmentServers, startRuntime } from '../runtime';
import { createServices, type Infrastructure } from '../services';

/** Demo accounts share one password, printed with the rest. */
export const DEMO_PASSWORD = 'correct horse battery';
export const DEMO_OWNER_EMAIL = 'ada@demo.gatehouse.local';
const DAY_MS = 24 * 3600_000;
const HISTORY_DAYS = 180;

/** The services' clock, moved back so the history's audit events fall over the last six months. */
class SeedClock implements Clock {
  private at: Date | undefined;

  now(): Date {
    return this.at ?? new Date();
  }

  set(at: Date | undefined): void {
    this.at = at;
  }
}

export interface SeedResult {
  created: boolean;
  /** Printed once: the secrets exist nowhere else. */
  lines: string[];
}

/**
 * A demo organization through the services, as the API would make it: people of every role, two
 * workspaces, keys of each kind, pending invitations, six months of audit events and a digest
 * schedule. Does nothing when the demo owner already exists, so running it again is safe.
 */
export async function seedDemo(infra: Infrastructure): Promise<SeedResult> {
  if (await infra.dataSource.getRepository(UserEntity).existsBy({ email: DEMO_OWNER_EMAIL })) {
    return { created: false, lines: [`Demo data already present (sign in as ${DEMO_OWNER_EMAIL} / ${DEMO_PASSWORD}); nothing changed.`] };
  }
  const clock = new SeedClock();
  const s = createServices({ ...infra, clock });
  const meta = { ip: '127.0.0.1', userAgent: 'gatehouse seed' };
  const start = Date.now() - HISTORY_DAYS * DAY_MS;
  clock.set(new Date(start));

  const people = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Margaret Hamilton'];
  const users: SignedIn[] = [];
  for (const name of people) {
    const email = name === 'Ada Lovelace' ? DEMO_OWNER_EMAIL : `${name.split(' ')[0].toLowerCase()}@demo.gatehouse.local`;
    users.push(await s.identity.signUp({ email, password: DEMO_PASSWORD, name }, meta));
  }
  const [ada, grace, alan, edsger, barbara, margaret] = users;
  const actorFor = (signedIn: SignedIn): Actor => ({ ...meta, principal: { type: 'user', userId: signedIn.user.id, via: 'session', credentialId: signedIn.session.id } });
  const owner = actorFor(ada);

  const organization = await s.organizations.create(owner, ada.user.id, { name: 'Acme Robotics', description: 'Demo organization made by npm run seed' });
  // Organization membership only comes from an accepted invitation. The seed plays both sides: it puts
  // a link it knows on each invitation (the mailed one it cannot read) and accepts as the invitee.
  const join = async (member: SignedIn, role: InvitationRole.OWNER | InvitationRole.MEMBER) => {
    const invitation = await s.invitations.invite(owner, { organizationId: organization.id }, { email: member.user.email, role });
    const token = generateCredential(CredentialPrefix.Invitation);
    await infra.dataSource.query('UPDATE invitation SET token_hash = $1 WHERE id = $2', [hashCredential(token), invitation.id]);
    await s.invitations.accept(actorFor(member), member.user.id, token);
  };
  await join(grace, InvitationRole.OWNER);
  for (const member of [alan, edsger, barbara, margaret]) await join(member, InvitationRole.MEMBER);
  const production = await s.workspaces.create(owner, { organizationId: organization.id, name: 'Production', slug: 'acme-production', region: 'eu-west-1', description: 'Customer-facing' });
  const staging = await s.workspaces.create(owner, { organizationId: organization.id, name: 'Staging', slug: 'acme-staging', region: 'us-east-1' });
  const roles: Array<[SignedIn, WorkspaceRole]> = [[alan, WorkspaceRole.ADMIN], [edsger, WorkspaceRole.EDITOR], [barbara, WorkspaceRole.VIEWER], [margaret, WorkspaceRole.EDITOR]];
  for (const [member, role] of roles) await s.workspaces.addMember(owner, production.id, member.user.id, role);
  await s.workspaces.addMember(owner, staging.id, edsger.user.id, WorkspaceRole.ADMIN);

  // Six months of everyday changes, about one a week, each audited at its own date.
  const admin = actorFor(alan);
  for (let week = 1; week < HISTORY_DAYS / 7; week++) {
    clock.set(new Date(start + week * 7 * DAY_MS));
    const workspace = week % 3 === 0 ? staging : production;
    if (week % 4 === 1) await s.workspaces.updateMemberRole(owner, production.id, margaret.user.id, week % 8 === 1 ? WorkspaceRole.VIEWER : WorkspaceRole.EDITOR);
    else if (week % 4 === 2) await s.apiKeys.createWorkspaceKey(week % 3 === 0 ? owner : admin, { workspaceId: workspace.id, name: `Nightly export ${week}`, scopes: ['audit:read'], expiresInDays: 30 });
    else await s.workspaces.update(week % 3 === 0 ? owner : admin, { workspaceId: workspace.id, description: `Release train ${week}` });
  }
  clock.set(undefined);

  // Now-dated: what someone trying the API wants to use straight away (the sign-up sessions expired long ago).
  const session = await s.identity.signIn({ email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD }, meta);
  const personal = await s.apiKeys.createPersonal(owner, ada.user.id, { name: 'Local scripts', expiresInDays: 90 });
  const workspaceKey = await s.apiKeys.createWorkspaceKey(owner, { workspaceId: production.id, name: 'CI deploy', scopes: ['workspace:read', 'audit:read'] });
  const app = await s.appCredentials.rotate(owner, ada.user.id);
  await s.invitations.invite(owner, { workspaceId: production.id }, { email: 'linus@demo.gatehouse.local', role: InvitationRole.EDITOR });
  await s.invitations.invite(owner, { organizationId: organization.id }, { email: 'katherine@demo.gatehouse.local', role: InvitationRole.MEMBER });
  await s.auditDigest.update(owner, {
    workspaceId: production.id,
    enabled: true,
    frequency: DigestFrequency.WEEKLY,
    dayOfWeek: 1,
    hourUTC: 8,
    includeRiskLevels: [RiskLevel.HIGH, RiskLevel.CRITICAL],
    recipients: [DEMO_OWNER_EMAIL, grace.user.email],
  });

  return {
    created: true,
    lines: [
      `Organization "${organization.name}" (${organization.id}); workspaces Production (${production.id}) and Staging (${staging.id}).`,
      `People, password "${DEMO_PASSWORD}" for all: ${users.map((user) => user.user.email).join(', ')}.`,
      `  owners Ada and Grace; Production: Alan ADMIN, Edsger and Margaret EDITOR, Barbara VIEWER; Staging: Edsger ADMIN.`,
      'Secrets, shown this once:',
      `  session of ${DEMO_OWNER_EMAIL} (Authorization: Bearer): ${session.token}`,
      `  personal API key (Authorization: Bearer):            ${personal.secret}`,
      `  Production workspace key (x-api-key):                 ${workspaceKey.secret}`,
      `  app credential (HTTP Basic):                          ${app.credential.appId}:${app.plaintext}`,
      'Pending invitations: linus@ (Production, EDITOR), katherine@ (organization MEMBER); their mail goes out when the worker runs.',
      `A weekly audit digest for Production (Mondays 08:00 UTC, high and critical) and ${Math.floor(HISTORY_DAYS / 7)} weeks of audit history.`,
    ],
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  // While `npm start` runs, its embedded PostgreSQL and Redis are the ones to fill.
  const runtime = await startRuntime(await attachToRunningDevelopmentServers(config), logger);
  try {
    const result = await seedDemo(runtime.infra);
    process.stdout.write(`${result.lines.join('\n')}\n`);
  } finally {
    await runtime.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
