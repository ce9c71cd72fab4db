import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
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

type TransportOptions = Parameters<typeof import('nodemailer')['createTransport']>[0];

/**
 * A transport made on the first message: nodemailer loads then, not with every start of the server
 * (80 ms of it), and a server that never sends mail never loads it.
 */
function lazyTransport(options: TransportOptions): () => Promise<Transporter> {
  let transport: Promise<Transporter> | undefined;
  return () => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options));
    return transport;
  };
}

/**
 * SMTP_URL set → nodemailer over SMTP. Unset → each message is rendered exactly as it would be sent
 * and written to DATA_DIR/outbox/<time>-<id>.eml, which any mail client opens.
 */
export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR'>): Mailer {
  if (env.SMTP_URL) {
    const transport = lazyTransport({
      url: env.SMTP_URL,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return {
      async send(message) {
        const info = await (await transport()).sendMail({ from: env.MAIL_FROM, ...message });
        return { messageId: info.messageId };
      },
    };
  }
  return createOutboxMailer(path.join(env.DATA_DIR, 'outbox'), env.MAIL_FROM);
}

export function createOutboxMailer(outboxDir: string, from: string): Mailer {
  const transport = lazyTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await (await transport()).sendMail({ from, ...message });
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
