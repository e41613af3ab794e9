// 500 invitations through a real SMTP server on 127.0.0.1, end to end: 500 people answer yes in
// chat (each answer a command that writes one invitation to the outbox; the courier sends them
// through the mail adapter and nodemailer), then the organiser moves the meeting (one command
// reconciles all 500 calendars; the courier sends 500 updates). Every message is parsed back
// (mailparser, ical.js) to check it went to its attendee alone, with the right SEQUENCE.
import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import { createMailPlatform } from '../src/adapters/mail/mail.adapter.ts';
import { createLogger } from '../src/core/log.ts';
import { bulkInsert } from '../test/helpers/bulk.ts';
import { FakeSmtp } from '../test/helpers/fake-smtp.ts';
import { harness, joined, until } from '../test/helpers/harness.ts';
import { fmt, measure } from './util.ts';

const provider = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const PEOPLE = 500;
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);

const smtp = await new FakeSmtp().start();
const h = await harness(provider, {
  mail: { from: 'docket@coalition.example.org', publicUrl: 'https://docket.example.org', fileDir: null },
});
const mail = createMailPlatform(quiet, {
  from: 'OGP Justice Coalition <docket@coalition.example.org>',
  smtpUrl: smtp.url,
  dir: '',
});
h.attach(mail);
await joined(h, 'organiser');
const org = await h.db.organization.findFirstOrThrow();
const now = h.clock.now();
const people = Array.from({ length: PEOPLE }, (_, i) => ({
  id: 1000 + i,
  coalitionId: org.coalitionId,
  organizationId: org.id,
  displayName: `Person ${i}`,
  role: 'MEMBER',
  joinedAt: now,
  createdAt: now,
}));
await bulkInsert(h.url, 'Person', people);
await bulkInsert(
  h.url,
  'Identity',
  people.map((p, i) => ({
    coalitionId: p.coalitionId,
    personId: p.id,
    platform: 'CONSOLE',
    externalId: `p${i}`,
    spaceId: 'console',
    createdAt: now,
  })),
);
await bulkInsert(
  h.url,
  'MailAddress',
  people.map((p, i) => ({
    coalitionId: p.coalitionId,
    personId: p.id,
    address: `person${i}@ministry.example.gov`,
    addressKey: `person${i}@ministry.example.gov`,
    confirmedAt: now,
    invitations: true,
    codeFailures: 0,
    codesSent: 0,
    tokenSecret: randomBytes(32).toString('hex'),
    createdAt: now,
    updatedAt: now,
  })),
);
await h.run(
  'organiser',
  '/meeting schedule title:"Working group" start:"2026-12-03 15:00" timezone:Europe/Paris link:https://meet.example.org/wg agenda:"Survey results"',
);

// ---- (1) 500 answers in chat, each one invitation
const answers = await measure(async () => {
  const commands: number[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const t0 = performance.now();
    const out = await h.run(`p${i}`, '/meeting rsvp M1 yes');
    if (!out.ok) throw new Error(`rsvp failed: ${JSON.stringify(out.reply)}`);
    commands.push(performance.now() - t0);
  }
  const last = performance.now();
  await until(() => smtp.received.length >= PEOPLE, 600_000, 'the first 500 invitations');
  await h.docket.courier.idle();
  return { commands: commands.sort((a, b) => a - b), drained: performance.now() - last };
});
const firstConnections = smtp.connections;
console.log(
  `[${provider}] ${PEOPLE} answers in chat → ${smtp.received.length} invitations received in ${fmt(answers.ms / 1000, 2)} s ` +
    `(${fmt((PEOPLE * 1000) / answers.ms)} invitations/s end to end; command p50 ${fmt(answers.result.commands[PEOPLE / 2]!)} ms, ` +
    `p95 ${fmt(answers.result.commands[Math.floor(PEOPLE * 0.95)]!)} ms; the courier finished ${fmt(answers.result.drained)} ms after the last answer); ` +
    `${firstConnections} SMTP connection(s); peak RSS ${fmt(answers.peakRssMb)} MiB`,
);

// ---- (2) the meeting moves: one command reconciles 500 calendars, the courier sends 500 updates
const move = await measure(() => h.run('organiser', '/meeting reschedule M1 start:"2026-12-04 10:00"'));
const queued = await h.db.outboxMessage.count({ where: { kind: 'mail.invitation.updated' } });
// The command kicked the courier as it finished: this is the time until the last update arrived.
const send = await measure(async () => {
  await h.docket.courier.idle();
  await until(() => smtp.received.length >= 2 * PEOPLE, 600_000, 'the 500 updates');
});
console.log(
  `[${provider}] reschedule: the command planned ${queued} updates in ${fmt(move.ms)} ms; ` +
    `the courier sent them in ${fmt(send.ms / 1000, 2)} s (${fmt((queued * 1000) / send.ms)} mails/s, ` +
    `${fmt(send.ms / queued, 2)} ms each) over ${smtp.connections - firstConnections} new SMTP connection(s); peak RSS ${fmt(send.peakRssMb)} MiB`,
);

// ---- (3) what arrived: each to its attendee alone, once per change, with the right SEQUENCE
const check = await measure(async () => {
  const seen = new Map<string, number[]>();
  for (const r of smtp.received) {
    const part = r.mail.attachments.find((a) => a.contentType === 'text/calendar')!;
    const event = new ICAL.Component(ICAL.parse(part.content.toString())).getFirstSubcomponent('vevent')!;
    const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()));
    if (r.to.length !== 1 || attendees.length !== 1 || attendees[0] !== `mailto:${r.to[0]}`)
      throw new Error(`a mail went to more than its attendee: ${r.to.join(',')}`);
    seen.set(r.to[0]!, [...(seen.get(r.to[0]!) ?? []), Number(event.getFirstPropertyValue('sequence'))]);
  }
  return seen;
});
const sequences = [...check.result.values()];
const right = sequences.filter((s) => s.length === 2 && s[0] === 0 && s[1] === 1).length;
const sizes = smtp.received.map((r) => r.raw.length).sort((a, b) => a - b);
console.log(
  `[${provider}] checked ${smtp.received.length} mails in ${fmt(check.ms)} ms: ${check.result.size} attendees, ` +
    `${right} with exactly SEQUENCE 0 then 1, each to its attendee alone; message size p50 ${fmt(sizes[sizes.length >> 1]! / 1024)} KiB`,
);
await mail.stop();
await smtp.stop();
await h.close();
process.exit(right === PEOPLE ? 0 : 1);
