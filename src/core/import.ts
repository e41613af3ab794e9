// Reading an OGP or IRM commitments export: column names differ between exports, so a mapping
// (defaults below, or --map file.json) names which column holds what. Pure: parse, map, validate.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { CommitmentImport } from '../services/import.service.ts';
import { CONTROL_OR_BIDI } from './text.ts';
import { COMPLETIONS, THEMES, type CompletionName, type ThemeName } from '../services/types.ts';

export const IMPORT_FIELDS = [
  'ogp_id',
  'title',
  'member',
  'plan',
  'description',
  'institution',
  'themes',
  'completion',
  'people_centred',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: ImportField[] = ['ogp_id', 'title', 'member', 'plan'];

/** Header names seen in OGP and IRM exports (compared case- and space-insensitively). */
const KNOWN: Record<ImportField, string[]> = {
  ogp_id: ['ogp_id', 'ogp id', 'commitment id', 'commitment_id', 'caseno', 'case no', 'id'],
  title: ['title', 'commitment title', 'commitment_title', 'name'],
  member: ['member', 'country', 'country/member', 'member name', 'government'],
  plan: ['plan', 'action plan', 'action plan period', 'action_plan', 'period'],
  description: ['description', 'commitment description', 'summary', 'what is the commitment'],
  institution: [
    'institution',
    'lead institution',
    'lead implementing institution',
    'responsible institution',
    'responsible/supporting institution',
  ],
  themes: ['themes', 'theme', 'policy area', 'policy areas', 'cluster'],
  completion: ['completion', 'irm completion', 'level of completion', 'implementation'],
  people_centred: ['people_centred', 'people-centred', 'people centered', 'people-centered'],
};

export const mappingSchema = z.object({
  columns: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1)).default({}),
  defaults: z.object({ themes: z.string().optional(), description: z.string().optional() }).default({}),
});
export type Mapping = z.infer<typeof mappingSchema>;

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/** A good row: what the import service writes, with the line it came from. */
export interface ImportRow extends CommitmentImport {
  line: number;
}

export interface Rejection {
  line: number;
  reason: string;
}

const fold = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

function matchTheme(raw: string): ThemeName | null {
  const f = fold(raw).replace(/-/g, ' ');
  if (!f) return null;
  const direct = THEMES.find((t) => fold(t) === f);
  if (direct) return direct;
  if (f.includes('access')) return 'ACCESS_TO_JUSTICE';
  if (f.includes('empower')) return 'LEGAL_EMPOWERMENT';
  if (f.includes('data')) return 'JUSTICE_DATA';
  if (f.includes('open justice') || f.includes('court') || f.includes('judic'))
    return 'OPEN_JUSTICE_INSTITUTIONS';
  if (f.includes('techn') || f.includes('digital')) return 'TECHNOLOGY';
  if (f.includes('particip')) return 'CITIZEN_PARTICIPATION';
  if (f.includes('research') || f.includes('evidence')) return 'RESEARCH_AND_EVIDENCE';
  if (f.includes('sdg') || f.includes('16')) return 'SDG16';
  return null;
}

function matchCompletion(raw: string): CompletionName | null | 'invalid' {
  const f = fold(raw).replace(/-/g, ' ');
  if (!f) return null;
  const c = COMPLETIONS.find((x) => fold(x) === f);
  if (c) return c;
  if (f.startsWith('no evidence')) return 'NO_EVIDENCE';
  if (f.startsWith('not started')) return 'NOT_STARTED';
  if (f.startsWith('limited')) return 'LIMITED';
  if (f.startsWith('substantial')) return 'SUBSTANTIAL';
  if (f.startsWith('complete')) return 'COMPLETE';
  if (f.startsWith('withdrawn')) return 'WITHDRAWN';
  return 'invalid';
}

/** Decodes and parses the file; refuses (throws) a file that cannot be read as a whole. */
export function readImport(
  bytes: Buffer,
  mapping: Mapping,
): { rows: ImportRow[]; rejected: Rejection[]; columns: Partial<Record<ImportField, string>> } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError('the file is not UTF-8 text: save it as "CSV UTF-8" and try again');
  }
  let parsed: { record: string[]; info: { bytes: number } }[];
  const source = text.replace(/^\uFEFF/, '');
  try {
    parsed = parse(source, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    throw new ImportFileError(`the CSV could not be read: ${(error as Error).message}`);
  }
  // The line each record starts on, as an editor shows it: quoted cells may span lines and empty
  // lines are skipped, so counting records would point at the wrong line.
  const utf8 = Buffer.from(source, 'utf8');
  const lines: number[] = [];
  let offset = 0;
  let line = 1;
  for (const p of parsed) {
    while (offset < p.info.bytes && (utf8[offset] === 0x0a || utf8[offset] === 0x0d)) {
      if (utf8[offset] === 0x0a) line++;
      offset++;
    }
    lines.push(line);
    for (; offset < p.info.bytes; offset++) if (utf8[offset] === 0x0a) line++;
  }
  const records = parsed.map((p) => p.record);
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('the file is empty');
  const columns: Partial<Record<ImportField, string>> = {};
  const index: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const wanted = mapping.columns[field];
    const i =
      wanted !== undefined
        ? header.findIndex((h) => fold(h) === fold(wanted))
        : header.findIndex((h) => KNOWN[field].includes(fold(h)));
    if (wanted !== undefined && i === -1)
      throw new ImportFileError(
        `the mapping names column "${wanted}" for ${field}, but the file has no such column (it has: ${header.join(', ')})`,
      );
    if (i !== -1) {
      index[field] = i;
      columns[field] = header[i]!;
    }
  }
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length)
    throw new ImportFileError(
      `missing columns for ${missing.join(', ')}; the file has: ${header.join(', ')}. Name them with --map mapping.json`,
    );

  const rows: ImportRow[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, n) => {
    const line = lines[n + 1]!;
    const get = (f: ImportField) => (index[f] === undefined ? '' : (record[index[f]!] ?? '').trim());
    const reasons: string[] = [];
    // Control characters and direction overrides are refused in every cell (a description may
    // keep its line breaks and tabs): nothing imported can disguise itself when shown.
    record.forEach((cell, i) => {
      const multiLine = header[i] !== undefined && index.description === i;
      const bad = [...cell].find(
        (c) => CONTROL_OR_BIDI.test(c) || (!multiLine && /[\r\n\t\u0085\u2028\u2029]/.test(c)),
      );
      if (bad)
        reasons.push(
          `column "${header[i] ?? i + 1}" holds a control character (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
        );
    });
    const ogpId = get('ogp_id').toUpperCase();
    if (!/^[A-Z0-9-]{3,20}$/.test(ogpId))
      reasons.push(`OGP id "${get('ogp_id')}" is not an id such as KE0034`);
    const title = get('title');
    if (title.length < 5 || title.length > 250) reasons.push('title must be 5 to 250 characters');
    const member = get('member');
    if (member.length < 2 || member.length > 120) reasons.push('member must be 2 to 120 characters');
    const plan = get('plan').replace(/\s+/g, '').replace(/[–—]/g, '-');
    const pm = /^(\d{4})-(\d{4})$/.exec(plan);
    if (!pm || Number(pm[2]) - Number(pm[1]) < 1 || Number(pm[2]) - Number(pm[1]) > 6)
      reasons.push(`plan "${get('plan')}" is not a period such as 2024-2028`);
    const description = (get('description') || mapping.defaults.description || title).slice(0, 4000);
    const themeText = get('themes') || mapping.defaults.themes || '';
    const themes = [
      ...new Set(
        themeText
          .split(/[;,|]/)
          .map(matchTheme)
          .filter((t): t is ThemeName => t !== null),
      ),
    ];
    if (themes.length === 0)
      reasons.push(
        themeText
          ? `no known theme in "${themeText}"`
          : 'no themes (add a themes column, or defaults.themes in the mapping)',
      );
    const completion = matchCompletion(get('completion'));
    if (completion === 'invalid') reasons.push(`completion "${get('completion')}" is not on the IRM scale`);
    const pc = fold(get('people_centred'));
    if (ogpId && seen.has(ogpId))
      reasons.push(`OGP id ${ogpId} appears again (first on line ${seen.get(ogpId)})`);
    if (reasons.length) {
      rejected.push({ line, reason: reasons.join('; ') });
      return;
    }
    seen.set(ogpId, line);
    rows.push({
      line,
      ogpId,
      title,
      member,
      plan,
      description,
      institution: get('institution') || null,
      themes,
      completion: completion as CompletionName | null,
      peopleCentred: ['yes', 'true', '1', 'y', 'x'].includes(pc),
    });
  });
  return { rows, rejected, columns };
}
