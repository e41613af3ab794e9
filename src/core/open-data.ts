// A coalition's open data as a Frictionless Data Package (v1): one CSV per resource, each described
// by a Table Schema, plus the same rows as JSON. Pure: the rows come from the open-data service.
import { COMPLETIONS, MEETING_KINDS, ORG_TYPES } from '../services/types.ts';
import { SDG_INDICATORS } from './indicators.ts';

export const RESOURCES = [
  'commitments',
  'updates',
  'indicators',
  'measurements',
  'learnings',
  'meetings',
] as const;
export type ResourceName = (typeof RESOURCES)[number];

export type FieldType = 'string' | 'integer' | 'number' | 'date' | 'datetime' | 'boolean';

export interface TableField {
  name: string;
  type: FieldType;
  title: string;
  description?: string;
  format?: 'uri';
  constraints?: { required?: boolean; unique?: boolean; enum?: string[]; pattern?: string };
}

export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

export interface TableSchema {
  fields: TableField[];
  primaryKey: string[];
  foreignKeys?: ForeignKey[];
  missingValues: string[];
}

/** A row as the service hands it over: Dates for date and datetime fields, null when missing. */
export type OpenRow = Record<string, string | number | boolean | Date | null>;

/** Open licences the secretariat may choose (SPDX ids, as Frictionless names them). */
export const LICENSES = {
  'CC-BY-4.0': {
    title: 'Creative Commons Attribution 4.0',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'CC-BY-SA-4.0': {
    title: 'Creative Commons Attribution Share-Alike 4.0',
    path: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  'CC0-1.0': {
    title: 'CC0 1.0 Universal (public domain dedication)',
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'ODC-By-1.0': {
    title: 'Open Data Commons Attribution License 1.0',
    path: 'https://opendatacommons.org/licenses/by/1-0/',
  },
  'ODbL-1.0': {
    title: 'Open Data Commons Open Database License 1.0',
    path: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
  'PDDL-1.0': {
    title: 'Open Data Commons Public Domain Dedication and License 1.0',
    path: 'https://opendatacommons.org/licenses/pddl/1-0/',
  },
} as const;
export type LicenseId = keyof typeof LICENSES;
export const LICENSE_IDS = Object.keys(LICENSES) as [LicenseId, ...LicenseId[]];
export const DEFAULT_LICENSE: LicenseId = 'CC-BY-4.0';
export const licenseOf = (id: string) => LICENSES[(id in LICENSES ? id : DEFAULT_LICENSE) as LicenseId];

const req = { required: true } as const;
const id = (prefix: string, title: string): TableField => ({
  name: 'id',
  type: 'string',
  title,
  constraints: { required: true, unique: true, pattern: `${prefix}[0-9]+` },
});
const ref = (name: string, prefix: string, title: string, required = true): TableField => ({
  name,
  type: 'string',
  title,
  constraints: { ...(required ? req : {}), pattern: `${prefix}[0-9]+` },
});
const text = (name: string, title: string, o: Partial<TableField> = {}): TableField => ({
  name,
  type: 'string',
  title,
  ...o,
});
const url = (name: string, title: string, required = false): TableField => ({
  name,
  type: 'string',
  format: 'uri',
  title,
  ...(required ? { constraints: req } : {}),
});
const oneOf = (name: string, title: string, values: readonly string[], required = true): TableField => ({
  name,
  type: 'string',
  title,
  constraints: { ...(required ? req : {}), enum: [...values] },
});
const typed = (name: string, type: FieldType, title: string, required = false): TableField => ({
  name,
  type,
  title,
  ...(required ? { constraints: req } : {}),
});
const THEMES_NOTE =
  'Themes separated by spaces: ACCESS_TO_JUSTICE, OPEN_JUSTICE_INSTITUTIONS, LEGAL_EMPOWERMENT, JUSTICE_DATA, TECHNOLOGY, CITIZEN_PARTICIPATION, RESEARCH_AND_EVIDENCE, SDG16.';

export interface ResourceInfo {
  title: string;
  description: string;
  schema: TableSchema;
}

/** Every published resource and its Table Schema: the CSV header is the field names, in order. */
export const RESOURCE_INFO: Record<ResourceName, ResourceInfo> = {
  commitments: {
    title: 'Commitments',
    description:
      'OGP action-plan commitments on justice that coalition members track, with their current IRM completion level; commitments imported from OGP data included.',
    schema: {
      fields: [
        id('C', 'Docket id'),
        text('ogp_id', "OGP's commitment id", {
          description: 'Such as KE0034; empty until OGP assigns one.',
        }),
        text('member', 'OGP member (country or local government)', { constraints: req }),
        text('action_plan', 'Action plan period', {
          constraints: { required: true, pattern: '[0-9]{4}-[0-9]{4}' },
        }),
        text('title', 'Title', { constraints: req }),
        text('description', 'Description'),
        text('lead_institution', 'Lead implementing institution'),
        text('organisation', 'Coalition member organisation that tracks it', {
          description: 'Empty for commitments imported from OGP data.',
        }),
        oneOf('origin', 'Where the record comes from', ['member', 'ogp_import']),
        text('themes', 'Themes', { description: THEMES_NOTE }),
        typed('people_centred', 'boolean', 'Starts from people’s legal needs', true),
        text('sdg_targets', 'SDG targets', { description: 'Separated by spaces, such as 16.3 16.a.' }),
        oneOf('completion', 'IRM completion level', COMPLETIONS),
        typed('logged_at', 'datetime', 'Logged at (UTC)', true),
        typed('last_update_at', 'datetime', 'Last progress update at (UTC)', true),
      ],
      primaryKey: ['id'],
      missingValues: [''],
    },
  },
  updates: {
    title: 'Progress updates',
    description: 'Progress notes on commitments, each with the IRM completion level it set and its evidence.',
    schema: {
      fields: [
        { name: 'id', type: 'integer', title: 'Update id', constraints: { required: true, unique: true } },
        ref('commitment_id', 'C', 'Commitment'),
        typed('updated_at', 'datetime', 'Posted at (UTC)', true),
        oneOf('completion', 'IRM completion level set', COMPLETIONS),
        oneOf('previous_completion', 'IRM completion level before', COMPLETIONS, false),
        text('note', 'Note'),
        url('evidence_url', 'Evidence'),
      ],
      primaryKey: ['id'],
      foreignKeys: [{ fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } }],
      missingValues: [''],
    },
  },
  indicators: {
    title: 'Outcome indicators',
    description:
      "Indicators measuring commitments' results (IATI's results model): unit, direction, baseline, target and the latest measured value.",
    schema: {
      fields: [
        id('I', 'Indicator id'),
        ref('commitment_id', 'C', 'Commitment'),
        text('name', 'Name', { constraints: req }),
        oneOf('sdg_indicator', 'SDG indicator it follows', SDG_INDICATORS, false),
        text('unit', 'Unit', { constraints: req }),
        oneOf('direction', 'Direction of progress', ['up', 'down']),
        typed('baseline_value', 'number', 'Baseline value', true),
        typed('baseline_date', 'date', 'Baseline date', true),
        url('baseline_source', 'Baseline source'),
        typed('target_value', 'number', 'Target value', true),
        typed('target_date', 'date', 'Target date', true),
        typed('latest_value', 'number', 'Latest measured value'),
        typed('latest_date', 'date', 'Date of the latest measured value'),
      ],
      primaryKey: ['id'],
      foreignKeys: [{ fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } }],
      missingValues: [''],
    },
  },
  measurements: {
    title: 'Measurements',
    description: 'Values measured for outcome indicators, one per indicator and day, each with its source.',
    schema: {
      fields: [
        ref('indicator_id', 'I', 'Indicator'),
        ref('commitment_id', 'C', 'Commitment'),
        typed('date', 'date', 'Day measured', true),
        typed('value', 'number', 'Value', true),
        url('source_url', 'Source', true),
        text('note', 'Note'),
      ],
      primaryKey: ['indicator_id', 'date'],
      foreignKeys: [
        { fields: ['indicator_id'], reference: { resource: 'indicators', fields: ['id'] } },
        { fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } },
      ],
      missingValues: [''],
    },
  },
  learnings: {
    title: 'Learnings',
    description: 'Policy learnings and resources that coalition members shared.',
    schema: {
      fields: [
        id('L', 'Learning id'),
        text('title', 'Title', { constraints: req }),
        text('summary', 'Summary'),
        url('url', 'Link'),
        text('themes', 'Themes', { description: THEMES_NOTE }),
        text('country', 'Country'),
        text('language', 'Language (ISO 639-1)'),
        text('organisation', 'Organisation that shared it'),
        oneOf('organisation_type', 'Type of that organisation', ORG_TYPES, false),
        typed('useful', 'integer', 'How many members found it useful', true),
        typed('shared_at', 'datetime', 'Shared at (UTC)', true),
      ],
      primaryKey: ['id'],
      missingValues: [''],
    },
  },
  meetings: {
    title: 'Meetings',
    description: 'Coalition meetings: when and where, never who attends or how to join.',
    schema: {
      fields: [
        id('M', 'Meeting id'),
        text('title', 'Title', { constraints: req }),
        oneOf('kind', 'Format', MEETING_KINDS),
        typed('starts_at', 'datetime', 'Starts at (UTC)', true),
        typed('ends_at', 'datetime', 'Ends at (UTC)', true),
        text('timezone', 'Time zone the meeting keeps its wall time in (IANA)', { constraints: req }),
        text('location', 'Place (in person or hybrid)'),
        oneOf('status', 'Status', ['scheduled', 'cancelled']),
      ],
      primaryKey: ['id'],
      missingValues: [''],
    },
  },
};

/** A datetime as Table Schema's default format reads it: `2026-11-27T12:00:00Z` (UTC, no fraction). */
const datetimeText = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const dateText = (d: Date) => d.toISOString().slice(0, 10);

/** One value as its field's JSON form: dates as text, missing as null. */
export function jsonValue(field: TableField, v: OpenRow[string]): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return field.type === 'date' ? dateText(v) : datetimeText(v);
  return v;
}

/** The rows as JSON objects, fields in schema order. */
export function resourceJson(resource: ResourceName, rows: OpenRow[]): Record<string, unknown>[] {
  const { fields } = RESOURCE_INFO[resource].schema;
  return rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, jsonValue(f, r[f.name] ?? null)])));
}

function csvCell(field: TableField, v: OpenRow[string]): string {
  const value = jsonValue(field, v);
  if (value === null) return '';
  let s = String(value);
  // Text that a spreadsheet would run as a formula gets a leading apostrophe (the JSON keeps it
  // exact); numbers, dates and booleans are never touched.
  if (field.type === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV in Frictionless's default dialect: comma, double quotes, CRLF, a header row. */
export function resourceCsv(resource: ResourceName, rows: OpenRow[]): string {
  const { fields } = RESOURCE_INFO[resource].schema;
  const lines = [fields.map((f) => f.name).join(',')];
  for (const r of rows) lines.push(fields.map((f) => csvCell(f, r[f.name] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The Data Package descriptor for a coalition's published data. */
export function dataPackage(o: {
  slug: string;
  name: string;
  /** Absolute URL of the public page. */
  homepage: string;
  license: string;
  /** When the data last changed. */
  modified: Date;
}) {
  const license = licenseOf(o.license);
  const licenseName = (o.license in LICENSES ? o.license : DEFAULT_LICENSE) as LicenseId;
  return {
    profile: 'tabular-data-package',
    name: `docket-${o.slug}`,
    title: `${o.name}: open data`,
    description:
      'What the coalition tracks in Docket: OGP justice commitments and their progress, outcome indicators and their measurements, shared learnings and meetings. Published by the coalition secretariat; people are never included.',
    homepage: o.homepage,
    created: datetimeText(o.modified),
    keywords: ['open government', 'OGP', 'justice', 'SDG 16.3', 'IATI results'],
    licenses: [{ name: licenseName, path: license.path, title: license.title }],
    contributors: [{ title: o.name, path: o.homepage, role: 'publisher' }],
    sources: [
      { title: `${o.name} (Docket)`, path: o.homepage },
      {
        title: 'Open Government Partnership action plans and IRM reports',
        path: 'https://www.opengovpartnership.org/',
      },
    ],
    resources: RESOURCES.map((name) => ({
      profile: 'tabular-data-resource',
      name,
      title: RESOURCE_INFO[name].title,
      description: RESOURCE_INFO[name].description,
      path: `${name}.csv`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: RESOURCE_INFO[name].schema,
    })),
  };
}
