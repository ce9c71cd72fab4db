import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import { createMailer, type Mailer } from '../lib/mailer';
import { settleBackgroundTasks } from '../modules/auth/background';

/*
 * A real SMTP server on 127.0.0.1 and a random port, for tests, stress tests and benchmarks that
 * check what was delivered. It decodes just enough MIME (headers, multipart, quoted-printable,
 * base64, encoded words) to read what nodemailer sends.
 */

export interface DeliveredMail {
  from: string;
  recipients: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  messages: DeliveredMail[];
  /** Refuses the next `count` messages with a temporary failure. */
  failNext(count: number): void;
  close(): Promise<void>;
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const separator = block.search(/\r?\n\r?\n/);
  const head = separator === -1 ? block : block.slice(0, separator);
  const body = separator === -1 ? '' : block.slice(separator).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let index = 0; index < joined.length; index++) {
    const char = joined[index] as string;
    if (char === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(joined.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function parseMessage(raw: string): Pick<DeliveredMail, 'subject' | 'text' | 'html'> {
  const { headers, body } = splitHeaders(raw);
  const parts: { type: string; text: string }[] = [];
  const collect = (contentType: string, partBody: string, encoding: string | undefined) => {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
      for (const section of partBody.split(`--${boundary}`).slice(1)) {
        if (section.startsWith('--')) break;
        const part = splitHeaders(section.replace(/^\r?\n/, ''));
        collect(
          part.headers.get('content-type') ?? 'text/plain',
          part.body,
          part.headers.get('content-transfer-encoding'),
        );
      }
      return;
    }
    parts.push({
      type: contentType.toLowerCase(),
      text: decodeBody(partBody, encoding).replace(/\r\n/g, '\n').trimEnd(),
    });
  };
  collect(headers.get('content-type') ?? 'text/plain', body, headers.get('content-transfer-encoding'));
  return {
    subject: decodeEncodedWords(headers.get('subject') ?? ''),
    text: parts.find((part) => part.type.startsWith('text/plain'))?.text ?? '',
    html: parts.find((part) => part.type.startsWith('text/html'))?.text ?? '',
  };
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: DeliveredMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((address) => address.address),
          raw,
          ...parseMessage(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const DEFAULT_FROM = 'FinAIlytics <no-reply@finailytics.test>';

/** A real SMTP server on loopback and the mailer the app would build for it. */
export async function startMailbox(from = DEFAULT_FROM): Promise<{ smtp: TestSmtpServer; mailer: Mailer }> {
  const smtp = await startTestSmtpServer();
  const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: from, DATA_DIR: '/nonexistent' });
  return { smtp, mailer };
}

/**
 * startMailbox for the test file: started before its tests and closed after them (once mail sent in
 * the background has gone), as handles usable as top-level `const`s.
 */
export function useMailbox(options: { from?: string } = {}): { smtp: TestSmtpServer; mailer: Mailer } {
  let current: { smtp: TestSmtpServer; mailer: Mailer } | undefined;
  beforeAll(async () => {
    current = await startMailbox(options.from);
  });
  afterAll(async () => {
    await settleBackgroundTasks();
    await current?.smtp.close();
    current = undefined;
  });
  const started = () => {
    if (!current) throw new Error('The mailbox is open only inside tests and the hooks after it starts');
    return current;
  };
  return {
    smtp: {
      get url() {
        return started().smtp.url;
      },
      get messages() {
        return started().smtp.messages;
      },
      failNext: (count) => started().smtp.failNext(count),
      close: () => started().smtp.close(),
    },
    mailer: { send: (message) => started().mailer.send(message) },
  };
}

export function messagesTo(smtp: TestSmtpServer, email: string): DeliveredMail[] {
  return smtp.messages.filter((message) => message.recipients.includes(email));
}

/** The token of the link in a delivered message, read from its plain-text part. */
export function linkToken(message: DeliveredMail | undefined, page: 'reset-password' | 'verify-email'): string {
  const match = new RegExp(`/${page}#token=([A-Za-z0-9_-]{43})`).exec(message?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${page} link in the message`);
  return match[1];
}
