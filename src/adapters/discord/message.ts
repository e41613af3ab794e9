// Neutral reply → a Discord message (embed + button rows). Pure, tested against exact JSON, and
// held within Discord's limits: 5 rows of 5 buttons, custom_id ≤ 100, embed sizes.
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { ButtonPress } from '../../core/platform.ts';
import { renderSpans, type Button, type Reply, type RichText } from '../../core/reply.ts';
import { quote, tokenize } from '../../core/parse.ts';
import { cut } from '../../core/text.ts';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  flags?: number;
  allowed_mentions: { parse: [] };
}

const TONE = { info: 0x1d3c5a, success: 0x2e7d32, warning: 0xf9a825, error: 0xc62828 } as const;
// Markdown that would format or mention: shown literally.
const escape = (s: string) => s.replace(/([\\*_~`|<>#[\]()-])/g, '\\$1').replace(/@/g, '@\u200b');
/**
 * Places where Discord shows text without markdown escapes (titles, footers, field names, button
 * labels): a zero-width space after @ and < keeps every mention form (@everyone, <@1>, <#1>, <@&1>,
 * <t:…>) from being formed, and shows the same characters.
 */
export const defuse = (s: string) => s.replace(/([@<])/g, '$1\u200b');
/** Only web links are links: anything else is shown as text. */
const isWebLink = (url: string) => /^https?:\/\/[^\s]/i.test(url);

export function markdown(text: RichText): string {
  return renderSpans(
    typeof text === 'string' ? escape(text) : text.map((s) => (typeof s === 'string' ? escape(s) : s)),
    {
      time: (at) => {
        const unix = Math.floor(at.getTime() / 1000);
        return `<t:${unix}:F> (<t:${unix}:R>)`;
      },
      // A link shows escaped text (its label, or the address itself) and points to the address:
      // nothing in either can form a mention.
      link: (url, label) =>
        isWebLink(url)
          ? `[${escape(label ?? url)}](${url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
          : escape(label ? `${label} (${url})` : url),
    },
  );
}

/**
 * A button's custom_id: the command it runs, as typed text (`d:meeting:rsvp:id:M3 answer:yes`);
 * `r:` instead of `d:` when the button refreshes the card it sits on.
 */
export function encodeButton(b: Pick<Button, 'command' | 'sub' | 'input' | 'refresh'>): string | null {
  const id = `${b.refresh ? 'r' : 'd'}:${b.command}:${b.sub}:${Object.entries(b.input)
    .map(([k, v]) => `${k}:${quote(v)}`)
    .join(' ')}`;
  return id.length <= 100 ? id : null;
}

/** A custom_id read back; null when it is not one of ours (an old or foreign message). */
export function decodeButton(customId: string): ButtonPress | null {
  const m = /^([dr]):([a-z]+):([a-z_]+):(.*)$/s.exec(customId);
  if (!m) return null;
  const input: Record<string, string> = {};
  for (const token of tokenize(m[4]!)) {
    if (token.key === undefined) return null;
    input[token.key] = token.value;
  }
  return { command: m[2]!, sub: m[3]!, input, refresh: m[1] === 'r' };
}

export function toDiscordMessage(reply: Reply): DiscordMessage {
  const embed: APIEmbed = { color: TONE[reply.tone ?? 'info'] };
  if (reply.title) embed.title = cut(defuse(reply.title), 256);
  const description = (reply.lines ?? []).map(markdown).join('\n');
  if (description) embed.description = cut(description, 4096);
  if (reply.fields?.length)
    embed.fields = reply.fields.slice(0, 25).map((f) => ({
      name: cut(defuse(f.label), 256),
      value: cut(markdown(f.value), 1024) || '—',
      inline: true,
    }));
  if (reply.footer) embed.footer = { text: cut(defuse(reply.footer), 2048) };
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const b of reply.buttons ?? []) {
    const custom_id = encodeButton(b);
    if (!custom_id || buttons.length >= 25) continue;
    buttons.push({
      type: ComponentType.Button,
      custom_id,
      label: cut(defuse(b.label), 80),
      style:
        b.style === 'primary'
          ? ButtonStyle.Primary
          : b.style === 'danger'
            ? ButtonStyle.Danger
            : ButtonStyle.Secondary,
    });
  }
  const components: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += 5)
    components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  return {
    embeds: [embed],
    components,
    ...(reply.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}),
    allowed_mentions: { parse: [] },
  };
}
