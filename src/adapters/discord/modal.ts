// A neutral form → a Discord modal (text inputs only, five at most). A custom_id holds 100
// characters, so the form's context waits here under a short id until it is submitted: the gateway
// runs on one instance at a time, which receives the submission too.
import { randomBytes } from 'node:crypto';
import {
  ComponentType,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Form, FormLimits, FormState } from '../../core/platform.ts';
import { cut } from '../../core/text.ts';

export const DISCORD_FORMS: FormLimits = { maxFields: 5, compact: true };
const TTL_MS = 15 * 60 * 1000;

export class PendingForms {
  private forms = new Map<string, { state: FormState; expires: number }>();

  /** Keeps the form's context and returns the modal to show. */
  modal(form: Form): APIModalInteractionResponseCallbackData {
    const now = Date.now();
    for (const [key, f] of this.forms) if (f.expires < now) this.forms.delete(key);
    const id = randomBytes(9).toString('base64url');
    this.forms.set(id, { state: form.state, expires: now + TTL_MS });
    return {
      custom_id: `f:${id}`,
      title: cut(form.title, 45),
      components: form.fields.slice(0, DISCORD_FORMS.maxFields).map((f) => ({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: f.key,
            label: cut(f.label, 45),
            style: f.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: f.required,
            max_length: Math.min(f.max ?? 4000, 4000),
            ...(f.placeholder ? { placeholder: cut(f.placeholder, 100) } : {}),
            ...(f.initial ? { value: cut(f.initial, Math.min(f.max ?? 4000, 4000)) } : {}),
          },
        ],
      })),
    };
  }

  /** The context of a submitted modal; null when unknown or expired (the person starts again). */
  take(customId: string): FormState | null {
    const found = this.forms.get(customId.replace(/^f:/, ''));
    return found && found.expires >= Date.now() ? found.state : null;
  }
}
