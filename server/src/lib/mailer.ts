import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Env } from '../env';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends e-mail. `send` resolves once the SMTP server accepted the message (or the .eml was written). */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** Give up on an SMTP server that does not answer, so a report attempt fails (and is retried) instead of hanging. */
const SMTP_TIMEOUT_MS = 15_000;

/**
 * SMTP_URL set → nodemailer over SMTP. Unset → each message is rendered exactly as it would be sent
 * and written to DATA_DIR/outbox/<time>-<id>.eml, which any mail client opens.
 */
export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR'>): Mailer {
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport({
      url: env.SMTP_URL,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return {
      async send(message) {
        const info = await transport.sendMail({ from: env.MAIL_FROM, ...message });
        return { messageId: info.messageId };
      },
    };
  }
  return createOutboxMailer(path.join(env.DATA_DIR, 'outbox'), env.MAIL_FROM);
}

export function createOutboxMailer(outboxDir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      await writeFile(path.join(outboxDir, name), info.message as Buffer, { mode: 0o600 });
      return { messageId: info.messageId };
    },
  };
}

/** Keeps messages in memory; the default in tests that do not look at e-mail. */
export function createMemoryMailer(): Mailer & { messages: MailMessage[] } {
  const messages: MailMessage[] = [];
  return {
    messages,
    async send(message) {
      messages.push(message);
      return { messageId: `<${randomUUID()}@memory>` };
    },
  };
}
