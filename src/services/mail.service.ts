// People's mail addresses: confirmed by a six-digit code before anything else is sent to them,
// what each person wants by mail, addresses that bounced, and signed unsubscribe links.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import type { Actor, Reader } from './types.ts';

/** A code works this long; a new one may be asked for after a minute, five a day. */
export const CODE_TTL_MS = 30 * 60_000;
const CODE_GAP_MS = 60_000;
const CODES_PER_DAY = 5;
const DAY_MS = 24 * 3600_000;
/** Wrong codes typed against one code before it stops working (a million codes, five guesses). */
const MAX_FAILURES = 5;

/** What mail topics people can leave with one click. */
export type MailTopic = 'digest';

/** Someone to write to by mail: their language and zone (readerOf), and the address to use. */
export interface MailReader extends Reader {
  address: string;
  /** The address waits for its code: only the code itself may go to it. */
  pending?: boolean;
}

/** A coalition's digest readers by mail, each with the link that stops it. */
export interface DigestAudience {
  coalition: { id: number; name: string; timezone: string };
  readers: (MailReader & { unsubscribe: string })[];
}

export interface MailStatus {
  address: string | null;
  pendingAddress: string | null;
  invitations: boolean;
  /** The weekly digest by mail, the default applied (on for the secretariat). */
  digest: boolean;
  undeliverable: boolean;
}

/** Addresses are matched without case (the local part is case-sensitive in theory, never in practice). */
export const addressKey = (address: string): string => address.trim().toLowerCase();

const hashCode = (personId: number, code: string) =>
  createHash('sha256').update(`${personId}:${code}`).digest();
const sign = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');
const newSecret = () => randomBytes(32).toString('hex');

/** `a•••@example.org`: enough for its owner to recognise, little for anyone else. */
export const maskAddress = (address: string): string => {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '•••' : `${address[0]}•••${address.slice(at)}`;
};

export function mailService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const audit = auditService(deps);
  const personId = (a: Actor) => {
    if (a.personId === null) throw new Error('actor must be ensured before a write');
    return a.personId;
  };

  const tokenFor = (row: { id: number; tokenSecret: string }, topic: MailTopic) =>
    `${row.id}.${topic}.${sign(row.tokenSecret, `${row.id}.${topic}`)}`;

  /** The address row an unsubscribe token was signed for, if the signature holds and it still has an address. */
  async function byToken(token: string) {
    const m = /^(\d{1,12})\.(digest)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const row = await db.mailAddress.findUnique({
      where: { id: Number(m[1]) },
      include: { person: { select: { ...READER_SELECT, erasedAt: true } } },
    });
    if (!row?.address || row.person.erasedAt) return null;
    const want = Buffer.from(sign(row.tokenSecret, `${row.id}.${m[2]}`));
    const got = Buffer.from(m[3]!);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    return { row, topic: m[2] as MailTopic, reader: toReader(row.person) };
  }

  return {
    /** The bare sending address (ORGANIZER of invitations). */
    sender: () => config.mail.from,
    /** Where mail goes when no SMTP server is set (shown to people trying it out), else null. */
    fileDir: () => config.mail.fileDir,

    async status(actor: Actor): Promise<MailStatus | null> {
      if (actor.personId === null) return null;
      const row = await db.mailAddress.findUnique({ where: { personId: actor.personId } });
      if (!row) return null;
      return {
        address: row.address,
        pendingAddress: row.pendingAddress,
        invitations: row.invitations,
        digest: row.digest ?? actor.role === 'SECRETARIAT',
        undeliverable: Boolean(row.undeliverableAt),
      };
    },

    /**
     * Step one: a six-digit code for `address`, to be mailed to it. Rate-limited per person (a
     * minute apart, five a day); an address confirmed by someone else in the coalition is refused.
     */
    async requestCode(actor: Actor, address: string) {
      const id = personId(actor);
      const coalitionId = actor.coalition.id;
      const now = clock.now();
      const key = addressKey(address);
      const row = await db.mailAddress.findUnique({ where: { personId: id } });
      if (row?.addressKey === key && !row.undeliverableAt)
        throw new UserError('member.email.same', { address: row.address! });
      const taken = await db.mailAddress.findFirst({
        where: { coalitionId, addressKey: key, personId: { not: id } },
        select: { id: true },
      });
      if (taken) throw new UserError('member.email.taken');
      if (row?.lastCodeAt && now.getTime() - row.lastCodeAt.getTime() < CODE_GAP_MS)
        throw new UserError('member.email.wait', {
          seconds: Math.ceil((CODE_GAP_MS - (now.getTime() - row.lastCodeAt.getTime())) / 1000),
        });
      const windowOpen = row?.codeWindowAt && now.getTime() - row.codeWindowAt.getTime() < DAY_MS;
      const sent = windowOpen ? row.codesSent : 0;
      if (sent >= CODES_PER_DAY) throw new UserError('member.email.too_many');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      const pending = {
        pendingAddress: address.trim(),
        codeHash: hashCode(id, code).toString('hex'),
        codeExpiresAt: expiresAt,
        codeFailures: 0,
        codesSent: sent + 1,
        codeWindowAt: windowOpen ? row.codeWindowAt : now,
        lastCodeAt: now,
      };
      await db.mailAddress.upsert({
        where: { personId: id },
        create: { coalitionId, personId: id, tokenSecret: newSecret(), ...pending },
        update: pending,
      });
      return { code, address: pending.pendingAddress, expiresAt, requestedAt: now };
    },

    /**
     * Step two: the code typed back confirms the pending address. A wrong code is counted (and
     * the count kept: the caller answers without failing the command), so guessing stops quickly.
     */
    async confirm(actor: Actor, code: string): Promise<{ ok: true; address: string } | { ok: false }> {
      const id = personId(actor);
      const now = clock.now();
      const row = await db.mailAddress.findUnique({ where: { personId: id } });
      if (
        !row?.pendingAddress ||
        !row.codeHash ||
        !row.codeExpiresAt ||
        row.codeExpiresAt <= now ||
        row.codeFailures >= MAX_FAILURES
      )
        return { ok: false };
      if (!timingSafeEqual(hashCode(id, code), Buffer.from(row.codeHash, 'hex'))) {
        await db.mailAddress.update({ where: { id: row.id }, data: { codeFailures: { increment: 1 } } });
        return { ok: false };
      }
      const key = addressKey(row.pendingAddress);
      const taken = await db.mailAddress.findFirst({
        where: { coalitionId: row.coalitionId, addressKey: key, personId: { not: id } },
        select: { id: true },
      });
      if (taken) throw new UserError('member.email.taken');
      // A new address is a new calendar: what was sent to the old one is no longer ours to update.
      if (row.addressKey !== key) await db.mailInvitation.deleteMany({ where: { personId: id } });
      await db.mailAddress.update({
        where: { id: row.id },
        data: {
          address: row.pendingAddress,
          addressKey: key,
          confirmedAt: now,
          undeliverableAt: null,
          pendingAddress: null,
          codeHash: null,
          codeExpiresAt: null,
          codeFailures: 0,
          // Links signed for an earlier address stop working.
          tokenSecret: newSecret(),
        },
      });
      await audit.record(row.coalitionId, id, 'member.email.confirm', `person:${id}`);
      return { ok: true, address: row.pendingAddress };
    },

    /** What comes by mail (kept from the first address given, used once one is confirmed). */
    async preferences(actor: Actor, o: { invitations?: boolean; digest?: boolean }) {
      const id = personId(actor);
      const row = await db.mailAddress.findUnique({ where: { personId: id } });
      if (!row) throw new UserError('member.email.none');
      await db.mailAddress.update({
        where: { id: row.id },
        data: { invitations: o.invitations, digest: o.digest },
      });
      await audit.record(row.coalitionId, id, 'member.email.preferences', `person:${id}`, o);
    },

    /** Forgets the address (confirmed or pending) and what was sent to it; false when there was none. */
    async remove(actor: Actor): Promise<boolean> {
      const id = personId(actor);
      const removed = await db.mailAddress.deleteMany({ where: { personId: id } });
      await db.mailInvitation.deleteMany({ where: { personId: id } });
      if (removed.count > 0)
        await audit.record(actor.coalition.id, id, 'member.email.remove', `person:${id}`);
      return removed.count > 0;
    },

    /**
     * May mail go to `address` for this person now? Only their confirmed, deliverable address (or,
     * for the code itself, the address waiting for it while the code works). Checked when sending,
     * so a mail queued before an address was removed or changed never goes out.
     */
    async mayReceive(personId: number, address: string, pending: boolean): Promise<boolean> {
      const row = await db.mailAddress.findUnique({
        where: { personId },
        include: { person: { select: { erasedAt: true } } },
      });
      if (!row || row.person.erasedAt) return false;
      if (pending)
        return (
          row.pendingAddress === address && Boolean(row.codeExpiresAt && row.codeExpiresAt > clock.now())
        );
      return row.address === address && !row.undeliverableAt;
    },

    /**
     * The receiving server refused `address` for good. Marks it (a pending one is dropped) and
     * returns what the person should be told once, or null when it was marked already.
     */
    async markUndeliverable(personId: number, address: string): Promise<{ at: Date } | null> {
      const row = await db.mailAddress.findUnique({ where: { personId } });
      if (!row) return null;
      if (row.address === address && !row.undeliverableAt && row.confirmedAt) {
        await db.mailAddress.update({ where: { id: row.id }, data: { undeliverableAt: clock.now() } });
        await audit.record(row.coalitionId, null, 'member.email.undeliverable', `person:${personId}`);
        return { at: row.confirmedAt };
      }
      if (row.pendingAddress === address && row.lastCodeAt) {
        await db.mailAddress.update({
          where: { id: row.id },
          data: { pendingAddress: null, codeHash: null, codeExpiresAt: null },
        });
        return { at: row.lastCodeAt };
      }
      return null;
    },

    /**
     * Everyone who gets the digest by mail, by coalition (with its name and zone), each with their
     * one-click way out.
     */
    async digestReaders(): Promise<DigestAudience[]> {
      const rows = await db.mailAddress.findMany({
        where: {
          address: { not: null },
          undeliverableAt: null,
          person: { erasedAt: null },
          OR: [{ digest: true }, { digest: null, person: { role: 'SECRETARIAT' } }],
        },
        select: {
          id: true,
          address: true,
          tokenSecret: true,
          person: {
            select: {
              ...READER_SELECT,
              coalition: { select: { id: true, name: true, timezone: true, locale: true } },
            },
          },
        },
        orderBy: { id: 'asc' },
      });
      const out = new Map<number, DigestAudience>();
      for (const r of rows) {
        const c = r.person.coalition;
        const entry = out.get(c.id) ?? {
          coalition: { id: c.id, name: c.name, timezone: c.timezone },
          readers: [],
        };
        entry.readers.push({
          ...toReader(r.person),
          address: r.address!,
          unsubscribe: `${config.mail.publicUrl}/mail/unsubscribe/${tokenFor(r, 'digest')}`,
        });
        out.set(c.id, entry);
      }
      return [...out.values()];
    },

    /** An unsubscribe link's owner, to ask them to confirm (never acts: mail scanners follow links). */
    async unsubscribeTarget(token: string) {
      const found = await byToken(token);
      if (!found) return null;
      return { address: maskAddress(found.row.address!), topic: found.topic, reader: found.reader };
    },

    /** Acts on an unsubscribe link (one click from the mail client, or the page's button). */
    async unsubscribe(token: string) {
      const found = await byToken(token);
      if (!found) return null;
      if (found.row.digest !== false) {
        await db.mailAddress.update({ where: { id: found.row.id }, data: { digest: false } });
        await audit.record(found.row.coalitionId, found.row.personId, 'member.email.unsubscribe', 'digest');
      }
      return { address: maskAddress(found.row.address!), topic: found.topic, reader: found.reader };
    },
  };
}
