// Slash text → named inputs, per DESIGN.md: `SUB key:value key:"value with spaces" …`, bare values
// filling required inputs in order. Pure: no schema validation here, only assignment.
import type { FieldInfo } from './fields.ts';
import type { FieldProblem } from './errors.ts';

interface Token {
  key?: string;
  value: string;
}

// Slack and phones turn straight quotes into typographic ones; accept every pair people type.
const OPEN_TO_CLOSE: Record<string, string> = {
  '"': '"',
  '\u201C': '\u201D',
  '\u201D': '\u201D',
  '\u00AB': '\u00BB',
  "'": "'",
  '\u2018': '\u2019',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const s = text.trim();
  const readValue = (): string => {
    const open = s[i] ?? '';
    const close = OPEN_TO_CLOSE[open];
    if (close !== undefined && (open !== "'" || s.indexOf(close, i + 1) !== -1)) {
      // Inside quotes, \" is a quote and \\ a backslash; an unclosed quote runs to the end.
      let value = '';
      i++;
      while (i < s.length && s[i] !== close) {
        if (s[i] === '\\' && (s[i + 1] === close || s[i + 1] === '\\')) i++;
        value += s[i];
        i++;
      }
      i++;
      return value;
    }
    const start = i;
    while (i < s.length && !/\s/.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const keyMatch = /^([A-Za-z][A-Za-z0-9_-]{0,30}):/.exec(s.slice(i));
    // `https://…` is a value, not a key named https.
    if (keyMatch && !s.slice(i + keyMatch[0].length).startsWith('//')) {
      i += keyMatch[0].length;
      tokens.push({ key: keyMatch[1]!.toLowerCase().replace(/-/g, '_'), value: readValue() });
    } else {
      tokens.push({ value: readValue() });
    }
  }
  return tokens;
}

export interface ParsedText {
  values: Record<string, string>;
  problems: FieldProblem[];
}

/** Assigns tokens to a sub-command's inputs. */
export function assign(text: string, fields: FieldInfo[]): ParsedText {
  const values: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  const bare: string[] = [];
  for (const token of tokenize(text)) {
    if (token.key === undefined) {
      bare.push(token.value);
    } else if (!known.has(token.key)) {
      problems.push({
        field: token.key,
        key: 'error.input.unknown',
        params: { known: fields.map((f) => f.key).join(', ') },
      });
    } else if (token.key in values) {
      problems.push({ field: token.key, key: 'error.input.repeated', params: {} });
    } else {
      values[token.key] = token.value;
    }
  }
  // Bare values fill the missing required inputs in order or, when none is missing, the optional
  // ones in order (`/report annual 2026 csv`). A free-text input takes the remaining words when it
  // is the last slot or optional: `/learning search open courts`.
  const required = fields.filter((f) => f.required && !(f.key in values));
  const slots = required.length > 0 ? required : fields.filter((f) => !f.required && !(f.key in values));
  for (let i = 0; i < slots.length && bare.length > 0; i++) {
    const field = slots[i]!;
    const absorb = field.kind === 'text' && (i === slots.length - 1 || required.length === 0);
    values[field.key] = absorb ? bare.splice(0).join(' ') : bare.shift()!;
  }
  if (bare.length > 0)
    problems.push({ field: '', key: 'error.input.extra', params: { text: bare.join(' ').slice(0, 60) } });
  return { values, problems };
}

/** Writes a value so that tokenize() reads it back unchanged: `key:"…"` when it needs quotes. */
export function quote(value: string): string {
  return /^[^\s"'\u201C\u201D\u00AB\u2018]+$/.test(value) && !/^[A-Za-z][A-Za-z0-9_-]{0,30}:/.test(value)
    ? value
    : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
