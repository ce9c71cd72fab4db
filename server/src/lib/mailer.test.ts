import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'finailytics-mailer-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('createMailer without SMTP_URL', () => {
  it('writes each message as an .eml file under DATA_DIR/outbox', async () => {
    const mailer = createMailer({ SMTP_URL: undefined, MAIL_FROM: 'reports@example.com', DATA_DIR: dataDir });
    await mailer.send({ to: 'ana@example.com', subject: 'Your report', text: 'Income: $10.00', html: '<p>Income</p>' });
    await mailer.send({ to: 'bo@example.com', subject: 'Another', text: 'Hello', html: '<p>Hello</p>' });
    const outbox = path.join(dataDir, 'outbox');
    const files = (await readdir(outbox)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((file) => file.endsWith('.eml'))).toBe(true);
    const messages = await Promise.all(files.map((file) => readFile(path.join(outbox, file), 'utf8')));
    const first = messages.find((message) => message.includes('To: ana@example.com'));
    expect(first).toContain('From: reports@example.com');
    expect(first).toContain('Subject: Your report');
    expect(first).toContain('Income: $10.00');
    expect(first).toContain('Content-Type: text/html');
  });
});
