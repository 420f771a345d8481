import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMailer } from './mail/mailer';
import { MODULES } from './modules';
import { collectContributions } from './services';
import { startTestApp, type TestApp } from './testing/test-app';

const MODULES_DIR = path.join(__dirname, 'modules');

/** Every file of the module folders whose name ends with `suffix`. */
function moduleFiles(suffix: string): string[] {
  return readdirSync(MODULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => path.join(MODULES_DIR, file));
}

/** The module manifests are the only way in: anything a module folder defines but no manifest contributes is dead. */
describe('the module list', () => {
  const contributions = collectContributions();

  it('contributes every resolver class in the tree', async () => {
    const contributed = new Set(contributions.resolvers.map(([resolverClass]) => resolverClass));
    const missing: string[] = [];
    for (const file of moduleFiles('.resolver.ts')) {
      const exported = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) {
        if (typeof value === 'function' && !contributed.has(value as never)) missing.push(`${path.basename(file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('contributes every mail template in the tree', async () => {
    const declared: string[] = [];
    for (const file of moduleFiles('.mail.ts')) {
      const exported = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) if (name.endsWith('_TEMPLATE')) declared.push(value as string);
    }
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((template) => !contributions.mailTemplates[template])).toEqual([]);
  });

  it('contributes every REST route in the tree', async () => {
    const contributed = new Set(contributions.restRoutes);
    const missing: string[] = [];
    for (const file of moduleFiles('.rest.ts')) {
      for (const routes of Object.values((await import(file)) as Record<string, unknown[]>)) {
        for (const route of routes) if (!contributed.has(route as never)) missing.push(`${path.basename(file)}: ${JSON.stringify(route)}`);
      }
    }
    expect(contributed.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  describe('with services', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app?.stop());

    it('handles every job name and recurring job declared in the tree', async () => {
      const mailer = createMailer({ from: 'test@gatehouse.test', outboxDir: path.join(app.infra.config.dataDir, 'unused-outbox') });
      const handlers = contributions.jobHandlers(app.services, mailer);
      mailer.close();
      const handled = new Set(Object.values(handlers).flatMap((byName) => Object.keys(byName ?? {})));
      const declared: string[] = [];
      for (const file of moduleFiles('.jobs.ts')) {
        const exported = (await import(file)) as Record<string, unknown>;
        for (const [name, value] of Object.entries(exported)) if (name.endsWith('JobName')) declared.push(...Object.values(value as Record<string, string>));
      }
      expect(declared.length).toBeGreaterThan(0);
      expect(declared.filter((job) => !handled.has(job))).toEqual([]);
      for (const recurring of contributions.recurringJobs) expect(handlers[recurring.queue]?.[recurring.jobName]).toBeDefined();
    });
  });

  it('lists every module folder once', () => {
    const folders = readdirSync(MODULES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const manifests = folders.filter((folder) => readdirSync(path.join(MODULES_DIR, folder)).some((file) => file.endsWith('.module.ts')));
    expect(manifests.sort()).toEqual(folders.sort());
    expect(MODULES.map((module) => module.name).sort()).toEqual(folders.sort());
  });

  it('keeps infrastructure free of feature imports', () => {
    const offenders = ['graphql', 'queue', 'mail', 'db', 'auth', 'core', 'rest'].flatMap((folder) =>
      readdirSync(path.join(__dirname, folder))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .filter((file) => /from '\.\.\/modules/.test(readFileSync(path.join(__dirname, folder, file), 'utf8')))
        .map((file) => `${folder}/${file}`),
    );
    expect(offenders).toEqual([]);
  });
});
