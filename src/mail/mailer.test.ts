import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailer } from './mailer';

describe('development outbox', () => {
  it('writes the .eml and a readable .txt beside it, named after the recipient, with links whole', async () => {
    const outboxDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-outbox-'));
    const mailer = createMailer({ from: 'Gatehouse <no-reply@gatehouse.test>', outboxDir });
    try {
      const link = `http://localhost:4000/reset-password?token=gtr_${'x'.repeat(120)}`;
      await mailer.send({ to: 'ada.lovelace+test@example.com', subject: 'Reset your password', text: `Choose a new password:\n${link}\n`, html: `<a href="${link}">Reset</a>` });
      const files = (await readdir(outboxDir)).sort();
      expect(files).toHaveLength(2);
      expect(files.map((file) => path.extname(file))).toEqual(['.eml', '.txt']);
      expect(files[0]).toMatch(/_ada\.lovelace\+test@example\.com_Reset-your-password_/);
      const text = await readFile(path.join(outboxDir, files[1]), 'utf8');
      expect(text).toContain('To: ada.lovelace+test@example.com');
      expect(text.split('\n')).toContain(link);
      expect(await readFile(path.join(outboxDir, files[0]), 'utf8')).toMatch(/^Subject: Reset your password$/m);
    } finally {
      mailer.close();
      await rm(outboxDir, { recursive: true, force: true });
    }
  });
});
