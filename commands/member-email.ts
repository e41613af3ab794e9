// `/member email`: an address confirmed by a six-digit code, what comes by mail (meeting
// invitations, the weekly digest), and forgetting it. Declared here, registered in member.ts.
import { z } from 'zod';
import { sub, type CommandContext } from '../src/core/command.ts';
import { ValidationError } from '../src/core/errors.ts';
import { bool, text } from '../src/core/fields.ts';
import { codeMail } from '../src/core/mail-cards.ts';
import type { Field, Reply, RichText } from '../src/core/reply.ts';
import { errorReply } from '../src/core/replies.ts';
import { OutboxKey } from '../src/services/index.ts';

const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
/** One plain address: no display name, no comments, nothing a mail header could be bent with. */
export const ADDRESS = new RegExp(
  String.raw`^[^\s@<>()\[\]",;:\\]{1,64}@${LABEL}(?:\.${LABEL})*\.\p{L}{2,63}$`,
  'u',
);

/** Invites a person, by mail, to every meeting they already said yes or maybe to. */
async function inviteToAttended(ctx: CommandContext, personId: number): Promise<number> {
  let queued = 0;
  for (const number of await ctx.services.invitations.attending(personId)) {
    const meeting = await ctx.services.meetings.get(ctx.actor, number);
    queued += await ctx.deliver.invitations(meeting, { people: [personId] });
  }
  return queued;
}

async function statusReply(ctx: CommandContext, lines: RichText[], tone: Reply['tone']): Promise<Reply> {
  const { t } = ctx;
  const status = await ctx.services.mail.status(ctx.actor);
  const onOff = (on: boolean) => t(on ? 'member.email.on' : 'member.email.off');
  const fields: Field[] = [];
  if (status?.address)
    fields.push({
      label: t('field.email'),
      value: status.undeliverable ? `${status.address} — ${t('member.email.undeliverable')}` : status.address,
    });
  if (status?.pendingAddress)
    fields.push({
      label: t('field.email_pending'),
      value: `${status.pendingAddress} — ${t('member.email.pending')}`,
    });
  if (status) {
    fields.push({ label: t('field.invitations'), value: onOff(status.invitations) });
    fields.push({ label: t('field.digest_mail'), value: onOff(status.digest) });
  }
  return {
    visibility: 'ephemeral',
    tone,
    title: t('member.email.title'),
    lines: status ? lines : [...lines, t('member.email.no_address')],
    fields,
    footer: t('member.email.hint'),
  };
}

export const emailSub = sub({
  access: 'anyone',
  input: z.object({
    address: text({
      min: 3,
      max: 254,
      error: 'member.email.field.address',
      check: (s) => ADDRESS.test(s),
    }).optional(),
    code: text({
      min: 6,
      max: 6,
      error: 'member.email.field.code',
      check: (s) => /^\d{6}$/.test(s),
    }).optional(),
    invitations: bool().optional(),
    digest: bool().optional(),
    remove: bool().optional(),
  }),
  async handler(input, ctx) {
    const { t } = ctx;
    const personId = ctx.actor.personId!;
    const given = Object.values(input).filter((v) => v !== undefined).length;
    if (input.remove !== undefined && given > 1)
      throw new ValidationError([{ field: 'remove', key: 'member.email.field.remove_alone', params: {} }]);
    if (input.remove) {
      const removed = await ctx.services.mail.remove(ctx.actor);
      return statusReply(
        ctx,
        [t(removed ? 'member.email.removed' : 'member.email.nothing_to_remove')],
        'success',
      );
    }
    const lines: RichText[] = [];
    if (input.code) {
      const confirmed = await ctx.services.mail.confirm(ctx.actor, input.code);
      // A wrong code is counted, so the command must not fail: it answers with an error instead.
      if (!confirmed.ok) return errorReply(t, t('member.email.bad_code'));
      lines.push(t('member.email.confirmed', { address: confirmed.address }));
      const invited = await inviteToAttended(ctx, personId);
      if (invited > 0) lines.push(t('member.email.invited', { count: invited }));
    }
    if (input.address) {
      const sent = await ctx.services.mail.requestCode(ctx.actor, input.address);
      await ctx.deliver.mail(
        [{ personId, locale: ctx.locale, timeZone: ctx.timeZone, address: sent.address, pending: true }],
        { kind: 'mail.code', key: (id) => OutboxKey.mailCode(id, sent.requestedAt) },
        (mt) =>
          codeMail(mt, { code: sent.code, expiresAt: sent.expiresAt, coalition: ctx.actor.coalition.name }),
      );
      lines.push(t('member.email.code_sent', { address: sent.address }), [
        t('member.email.code_expires'),
        { time: sent.expiresAt },
      ]);
      const dir = ctx.services.mail.fileDir();
      if (dir) lines.push(t('member.email.files', { dir }));
    }
    if (input.invitations !== undefined || input.digest !== undefined) {
      await ctx.services.mail.preferences(ctx.actor, {
        invitations: input.invitations,
        digest: input.digest,
      });
      if (input.invitations) {
        const invited = await inviteToAttended(ctx, personId);
        if (invited > 0) lines.push(t('member.email.invited', { count: invited }));
      }
      lines.unshift(t('member.email.saved'));
    }
    return statusReply(ctx, lines, given > 0 ? 'success' : 'info');
  },
});
