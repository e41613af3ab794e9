// Small text helpers every renderer shares.

/** Shortens to at most `max` characters, marking the cut with an ellipsis. */
export const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

// C0 and C1 controls (but tab and newline) and the bidirectional overrides that can disguise text.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Text safe for a terminal: controls and bidi overrides shown as �, so none can act. */
export const neutralize = (s: string): string => s.replace(INVISIBLE, '\uFFFD');
