// Registration questions: a small set built in, plus up to three the secretariat adds
// (`/coalition settings question:"…"`). A meeting names the ones it asks; those who answer yes give
// them (a form opens for them where the platform has forms). Answers are private: the person, the
// organiser and the secretariat see them.

export const BUILTIN_QUESTIONS = ['interpretation', 'accessibility', 'dietary', 'arrival', 'attend'] as const;
export const EXTRA_QUESTIONS = ['extra1', 'extra2', 'extra3'] as const;
export type QuestionKey = (typeof BUILTIN_QUESTIONS)[number] | (typeof EXTRA_QUESTIONS)[number];
export const QUESTION_KEYS: readonly QuestionKey[] = [...BUILTIN_QUESTIONS, ...EXTRA_QUESTIONS];

/** How a hybrid meeting's registrant attends: only IN_PERSON takes one of its places. */
export const ATTEND_MODES = ['IN_PERSON', 'REMOTE'] as const;
export type AttendMode = (typeof ATTEND_MODES)[number];

/** At most this many per meeting: a Discord modal holds five inputs. */
export const MAX_QUESTIONS = 5;

export const isQuestionKey = (k: string): k is QuestionKey =>
  (QUESTION_KEYS as readonly string[]).includes(k);

/** `dietary, attend` → keys, in the set's order; unknown names are returned apart. */
export function readQuestions(text: string): { keys: QuestionKey[]; unknown: string[] } {
  const asked = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return {
    keys: QUESTION_KEYS.filter((k) => asked.includes(k)),
    unknown: asked.filter((k) => !isQuestionKey(k)),
  };
}

export const questionList = (stored: string): QuestionKey[] =>
  stored
    .split(',')
    .map((s) => s.trim())
    .filter(isQuestionKey);
