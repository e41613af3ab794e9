// A real SMTP server (smtp-server) on 127.0.0.1 that keeps what it receives, parsed back with
// mailparser; it can refuse recipients or messages the way real servers do (4xx, 5xx).
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Received {
  /** Envelope sender and recipients (what the server was told, not the headers). */
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/** An SMTP refusal: `{ code: 550, message: '5.1.1 No such user' }`. */
export interface Refusal {
  code: number;
  message: string;
}

const refusal = (r: Refusal) => Object.assign(new Error(r.message), { responseCode: r.code });

export class FakeSmtp {
  received: Received[] = [];
  /** Refuses the sender at MAIL FROM (a server that does not take our mail at all). */
  onSender: (address: string) => Refusal | null = () => null;
  /** Refuses a recipient at RCPT TO (checked for every recipient). */
  onRecipient: (address: string) => Refusal | null = () => null;
  /** Refuses a message after its data (once it was sent). */
  onMessage: (raw: Buffer) => Refusal | null = () => null;
  /** Connections opened: a batch sent over one pooled connection opens one. */
  connections = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect: (_session, callback) => {
      this.connections++;
      callback();
    },
    onMailFrom: (address: SMTPServerAddress, _session, callback) => {
      const refused = this.onSender(address.address);
      callback(refused ? refusal(refused) : undefined);
    },
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      const refused = this.onRecipient(address.address);
      callback(refused ? refusal(refused) : undefined);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const refused = this.onMessage(raw);
        if (refused) return callback(refusal(refused));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(raw).then(
          (mail) => {
            this.received.push({ from, to, raw, mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** What was received for one address. */
  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
