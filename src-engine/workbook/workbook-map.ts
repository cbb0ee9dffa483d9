/**
 * A workbook map says where job plan data lives in a Trust's workbook layout: sheets by name, fields by
 * label text, table columns by header text. It is YAML (workbook-maps/*.yaml), so a Trust adapts jobplan
 * to its own template without code.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CATEGORIES, PLAN_FIELDS, PLAN_LISTS, type PlanFieldName, type PlanListName } from '../model/job-plan.js';
import { validateAgainstSchema } from '../validation/json-schema.js';
import { parseYaml, pointerToPath } from '../yaml/yaml-document.js';
import { checkMap } from './map-checks.js';

/**
 * Where a field's value sits relative to its label: `right` (the first value to the right, past blanks and merged
 * cells, stopping at another label), `below`, an exact offset, or `after` a second label on the same row (a sign-off
 * row `Signed (Consultant): | S Jones | Date: | 12/05/2026`), or `inline`: in the label's own cell after a colon
 * (`Name: Dr A Smith`).
 */
export type ValuePosition = 'right' | 'below' | 'inline' | { readonly right: number } | { readonly below: number } | { readonly after: readonly string[] };

/** A field's labels and, optionally, where its value sits and the section headings it must sit under. */
export interface FieldEntryObject {
  readonly labels: readonly string[];
  readonly value?: ValuePosition;
  readonly section?: readonly string[];
}

/** The short form (a list of labels, value to the right) or the object form. */
export type FieldEntry = readonly string[] | FieldEntryObject;

export interface FieldsSheetMap {
  readonly sheet: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly kind: 'fields';
  readonly fields: Readonly<Partial<Record<PlanFieldName, FieldEntry>>>;
}

/** The object form of any field entry. */
export function fieldEntry(entry: FieldEntry): FieldEntryObject {
  return isLabelList(entry) ? { labels: entry } : entry;
}

function isLabelList(entry: FieldEntry): entry is readonly string[] {
  return Array.isArray(entry);
}

export interface TableSheetMap {
  readonly sheet: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly kind: 'table';
  readonly list: PlanListName;
  readonly columns: Readonly<Record<string, readonly string[]>>;
  /** Sub-headings inside the table that set a row field for the rows under them: field → value → heading texts. */
  readonly sections?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** A timetable whose PAs are written under a column per category (`DCC | SPA | ANR`): category → header texts. */
  readonly category_pas?: Readonly<Record<string, readonly string[]>>;
}

/** A timetable laid out as days by sessions (an AM/PM grid), an activity per cell. */
export interface GridSheetMap {
  readonly sheet: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly kind: 'grid';
  readonly list: 'activities';
  /** rows (default): days down a column, sessions across; columns: days across, sessions down. */
  readonly days?: 'rows' | 'columns';
  /** Session name (AM, PM …) → header texts naming it. */
  readonly sessions: Readonly<Record<string, readonly string[]>>;
  /** Category → header texts of the columns (or rows) holding each day's PAs of that category. */
  readonly category_pas?: Readonly<Record<string, readonly string[]>>;
  /** PAs of one session cell when there are no category_pas columns (default 1). */
  readonly pas_per_session?: number;
}

/**
 * A list written one paragraph per item under a heading (objectives pasted from a Word form): `parts` are the labels
 * inside the text that start each field (`measure: [Measure]`), or that set a value (`kind: { personal: [Personal] }`).
 */
export interface ParagraphsSheetMap {
  readonly sheet: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly kind: 'paragraphs';
  readonly list: PlanListName;
  /** The heading the paragraphs sit under. */
  readonly under: readonly string[];
  /** The field the unlabelled text goes to (default: objective, or activity). */
  readonly text?: string;
  readonly parts: Readonly<Record<string, readonly string[] | Readonly<Record<string, readonly string[]>>>>;
}

/**
 * A register (master log): each row under the header row is one job plan; `columns` maps plan fields
 * (PLAN_FIELDS names) to the header texts that may name their column. A map with a `rows` sheet is a register map:
 * all its sheets are `rows` sheets.
 */
export interface RowsSheetMap {
  readonly sheet: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly kind: 'rows';
  /** Plan field (a PLAN_FIELDS name; the schema checks the names) → header texts that may name its column. */
  readonly columns: Readonly<Record<string, readonly string[]>>;
}

export type SheetMap = FieldsSheetMap | TableSheetMap | GridSheetMap | ParagraphsSheetMap | RowsSheetMap;

/** True for a register map (one plan per row), false for a single-plan map (one plan per workbook). */
export function isRegisterMap(map: WorkbookMap): boolean {
  return map.sheets.some((s) => s.kind === 'rows');
}

export interface WorkbookMap {
  readonly map: string;
  readonly title?: string;
  readonly version: number;
  /**
   * The Trust's words for the model's values: field (or `list.field`, e.g. `activities.category`) → text as written →
   * the value jobplan knows (`status: { "Awaiting 2nd Sign Off": in discussion }`).
   */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>>;
  readonly sheets: readonly SheetMap[];
}

const aliasList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };
const offset = { type: 'integer', minimum: 1, maximum: 50 };
const valuePosition = {
  description: 'Where the value sits relative to its label: right (default: the first value to the right, past blanks and merged cells, stopping at another label), below, inline (in the label\'s own cell after a colon: "Name: Dr A Smith"), {right: N}, {below: N}, or {after: [texts]} (right of a second label on the same row, e.g. Date).',
  oneOf: [
    { enum: ['right', 'below', 'inline'] },
    { type: 'object', additionalProperties: false, required: ['right'], properties: { right: offset } },
    { type: 'object', additionalProperties: false, required: ['below'], properties: { below: offset } },
    { type: 'object', additionalProperties: false, required: ['after'], properties: { after: aliasList } },
  ],
};
const fieldEntrySchema = {
  description: 'The label texts that may name the field (value to the right), or {labels, value, section}.',
  oneOf: [
    aliasList,
    {
      type: 'object',
      additionalProperties: false,
      required: ['labels'],
      properties: {
        labels: aliasList,
        value: valuePosition,
        section: { ...aliasList, description: 'Section headings the label must sit under (the nearest heading above it).' },
      },
    },
  ],
};
const translations = {
  type: 'object',
  description: 'Field (or list.field, e.g. activities.category) → the text as written in the workbook → the value jobplan knows.',
  additionalProperties: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
};

/** JSON Schema (draft-07) of a workbook map; written to schemas/workbook-map.schema.json by scripts/generate-schemas.ts. */
export function workbookMapSchema(): object {
  const listBranches = Object.entries(PLAN_LISTS).map(([list, fields]) => ({
    if: { required: ['list', 'kind'], properties: { list: { const: list }, kind: { const: 'table' } } },
    then: { properties: { columns: { type: 'object', propertyNames: { enum: Object.keys(fields) }, additionalProperties: aliasList } } },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://jobplan.example/schemas/workbook-map.schema.json',
    title: 'jobplan workbook map',
    description: 'Where job plan data lives in a workbook: sheets by name, fields by label text, table columns by header text; or, for a register, one plan per row with columns by header text.',
    type: 'object',
    additionalProperties: false,
    required: ['map', 'version', 'sheets'],
    // A register map (a `rows` sheet) holds only `rows` sheets: one workbook is either one plan or a register of plans.
    if: { required: ['sheets'], properties: { sheets: { type: 'array', contains: { type: 'object', required: ['kind'], properties: { kind: { const: 'rows' } } } } } },
    then: { properties: { sheets: { type: 'array', items: { type: 'object', properties: { kind: { const: 'rows', description: 'A register map (with a rows sheet) holds only rows sheets.' } } } } } },
    properties: {
      $schema: { type: 'string' },
      map: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Identifier of this map (kebab-case).' },
      title: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      values: translations,
      sheets: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['sheet', 'kind'],
          additionalProperties: false,
          properties: {
            sheet: { type: 'string', minLength: 1, description: 'Sheet name (matched ignoring case and spaces).' },
            aliases: aliasList,
            required: { type: 'boolean', description: 'A missing required sheet is an error; others are optional.' },
            kind: { enum: ['fields', 'table', 'grid', 'paragraphs', 'rows'], description: 'fields: label cells with their values; table: a header row and data rows filling a list of the plan; grid: a timetable of days by sessions; paragraphs: a list written one paragraph per item under a heading; rows: a register, each row under the header row is one job plan.' },
            under: { ...aliasList, description: 'paragraphs: the heading the paragraphs sit under.' },
            text: { type: 'string', description: 'paragraphs: the field the unlabelled text goes to (default objective, or activity).' },
            parts: {
              type: 'object',
              description: 'paragraphs: field → the labels in the text that start its value (measure: [Measure]), or value → labels that set it (kind: { personal: [Personal] }).',
              additionalProperties: { oneOf: [aliasList, { type: 'object', additionalProperties: aliasList }] },
            },
            fields: {
              type: 'object',
              propertyNames: { enum: Object.keys(PLAN_FIELDS) },
              additionalProperties: fieldEntrySchema,
              description: 'Job plan field → label texts that may name it (or {labels, value, section}).',
            },
            list: { enum: Object.keys(PLAN_LISTS), description: 'Which list of the job plan the table rows fill.' },
            columns: { type: 'object', additionalProperties: aliasList, description: 'Row field (table: a field of the list; rows: a job plan field) → header texts that may name its column.' },
            sections: {
              type: 'object',
              description: 'Sub-headings inside a table that set a row field for the rows under them: field → value → heading texts.',
              additionalProperties: { type: 'object', additionalProperties: aliasList },
            },
            days: { enum: ['rows', 'columns'], description: 'rows (default): days down a column, sessions across; columns: days across, sessions down.' },
            sessions: { type: 'object', minProperties: 1, additionalProperties: aliasList, description: 'Session name (AM, PM, EVE …) → header texts naming it.' },
            category_pas: { type: 'object', propertyNames: { enum: [...CATEGORIES] }, additionalProperties: aliasList, description: "Category → header texts of the columns holding each day's (grid) or each row's (table) PAs of that category." },
            pas_per_session: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: 'PAs of one session cell when there are no category_pas columns (default 1).' },
          },
          allOf: [
            { if: { properties: { kind: { const: 'fields' } } }, then: { required: ['fields'], properties: { list: false, columns: false, sections: false, days: false, sessions: false, category_pas: false, pas_per_session: false, under: false, text: false, parts: false } } },
            { if: { properties: { kind: { const: 'table' } } }, then: { required: ['list', 'columns'], properties: { fields: false, days: false, sessions: false, pas_per_session: false, under: false, text: false, parts: false } } },
            { if: { required: ['category_pas'], properties: { kind: { const: 'table' } } }, then: { properties: { list: { const: 'activities', description: 'category_pas columns hold a timetable\'s PAs' } } } },
            { if: { properties: { kind: { const: 'grid' } } }, then: { required: ['list', 'sessions'], properties: { list: { const: 'activities' }, fields: false, columns: false, sections: false, under: false, text: false, parts: false } } },
            { if: { properties: { kind: { const: 'paragraphs' } } }, then: { required: ['list', 'under', 'parts'], properties: { fields: false, columns: false, sections: false, days: false, sessions: false, category_pas: false, pas_per_session: false } } },
            {
              if: { properties: { kind: { const: 'rows' } } },
              then: { required: ['columns'], properties: { fields: false, list: false, sections: false, days: false, sessions: false, category_pas: false, pas_per_session: false, under: false, text: false, parts: false, columns: { type: 'object', minProperties: 1, propertyNames: { enum: Object.keys(PLAN_FIELDS) }, additionalProperties: aliasList } } },
            },
            ...listBranches,
          ],
        },
      },
    },
  };
}

const SCHEMA = workbookMapSchema();

export type MapParseResult = { readonly map: WorkbookMap | null; readonly diagnostics: Diagnostic[] };

/** Parses and validates a workbook map file; every problem is a `map_*` diagnostic with file:line:col. */
/**
 * The sheet `map suggest` describes what it could not find on (sign-off dates): no workbook has it, so its fields
 * read as not known ("not judged"), and a one-sheet form's map stays one sheet's map for a renamed copy.
 */
export const NOT_FOUND_SHEET = 'Sign-off (not found by map suggest)';

export function parseWorkbookMap(text: string, file: string): MapParseResult {
  const parsed = parseYaml(text, file, 'map_yaml_error');
  if (!parsed.ok) return { map: null, diagnostics: parsed.diagnostics };
  const { document } = parsed;
  const checks = checkMap(document.data, document);
  // The schema's errors where the checks already spoke are left out, as are ajv's "property name must be valid" echoes.
  // An error at a place a check reported, under it, or above it (ajv's summary of the same mistake) adds nothing.
  const covered = (path: string): boolean => checks.covered.some((c) => path === c || path.startsWith(`${c}/`) || (path !== '' && c.startsWith(`${path}/`)));
  const errors = validateAgainstSchema(SCHEMA, document.data).filter((e) => !covered(e.path) && !/property name must be valid/.test(e.message));
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...checks.diagnostics];
  for (const e of errors) {
    const path = pointerToPath(e.path);
    diagnostics.push({ code: 'map_schema_error', severity: 'error', message: `${e.path || '(top level)'} ${e.message}`, location: document.locate(path, 'key') });
  }
  if (errors.length > 0 || checks.diagnostics.some((d) => d.severity === 'error')) return { map: null, diagnostics };
  return { map: document.data as WorkbookMap, diagnostics };
}

/** Header and label matching ignores case, runs of spaces, non-breaking spaces and a trailing colon. */
export function normaliseLabel(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim().replace(/\s*:$/, '').toLowerCase();
}

/** All texts that may name a field: the map's aliases plus the model's own label. */
export function labelsFor(aliases: readonly string[] | undefined, modelLabel: string): Set<string> {
  return new Set([...(aliases ?? []), modelLabel].map(normaliseLabel));
}
