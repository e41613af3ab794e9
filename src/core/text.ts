// Small text helpers every renderer and input shares.

/** Shortens to at most `max` characters, marking the cut with an ellipsis. */
export const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

// C0 and C1 controls (but tab and newline) and the bidirectional overrides that can disguise text.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Text safe for a terminal: controls and bidi overrides shown as �, so none can act. */
export const neutralize = (s: string): string => s.replace(INVISIBLE, '\uFFFD');

/** Line breaks of every kind: CR, LF, NEL, and Unicode's line and paragraph separators. */
export const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
/**
 * What a single-line field (a title, a name) refuses: C0 and C1 controls and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make text read
 * backwards or hide what follows. Tabs are read as spaces before this check.
 */
export const CONTROL_OR_BIDI = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const STRIP_LONG =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Long text (summaries, notes, agendas) keeps its lines and tabs; every other control and bidi
 * override is removed, so none is stored and none can come back out.
 */
export const cleanLong = (s: string): string =>
  s.replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n').replace(STRIP_LONG, '');

/**
 * A name a platform reports (a Slack display name, a Discord nick): one line, no controls or bidi
 * overrides. Nobody typed it into Docket, so it is cleaned rather than refused.
 */
export const cleanName = (s: string): string =>
  cleanLong(s)
    .replace(/[\t\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
