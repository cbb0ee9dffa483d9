/**
 * The mistakes people make writing a workbook map, said in their words at the line and column they made them: a
 * misspelt field, column, kind, category or value position ("did you mean 'practitioner_name'?"), a sheet section
 * declared twice, one label claimed by two fields of a section. These run before the schema, and the schema's own
 * (less helpful) errors at the same places are then left out.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { CATEGORIES, PLAN_FIELDS, PLAN_LISTS } from '../model/job-plan.js';
import type { YamlDocument } from '../yaml/yaml-document.js';
import { normaliseLabel } from './workbook-map.js';

const KINDS = ['fields', 'table', 'grid', 'paragraphs', 'rows'];
const POSITIONS = ['right', 'below', 'after'];
const FIELD_NAMES = Object.keys(PLAN_FIELDS);

export interface MapChecks {
  readonly diagnostics: Diagnostic[];
  /** JSON pointers already reported: schema errors at or under them add nothing. */
  readonly covered: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkMap(data: unknown, document: YamlDocument): MapChecks {
  const diagnostics: Diagnostic[] = [];
  const covered: string[] = [];
  const report = (path: (string | number)[], at: 'key' | 'value', message: string, severity: 'error' | 'warning' = 'error'): void => {
    diagnostics.push({ code: severity === 'error' ? 'map_schema_error' : 'map_warning', severity, message, location: document.locate(path, at) });
    if (severity === 'error') covered.push(`/${path.join('/')}`);
  };
  if (!isObj(data) || !Array.isArray(data['sheets'])) return { diagnostics, covered };
  const declared = new Map<string, number>();
  data['sheets'].forEach((raw, i) => {
    if (!isObj(raw)) return;
    const kind = raw['kind'];
    const at = ['sheets', i];
    if (typeof kind === 'string' && !KINDS.includes(kind)) {
      report([...at, 'kind'], 'value', `'${kind}' is not a kind of section${didYouMean(kind, KINDS)} (fields: labels and values; table: a header row and rows; grid: a timetable of days by sessions; paragraphs: one paragraph per item under a heading; rows: a register)`);
      return;
    }
    const list = typeof raw['list'] === 'string' ? raw['list'] : null;
    if (typeof raw['sheet'] === 'string') {
      const key = `${normaliseLabel(raw['sheet'])}|${String(kind)}|${list ?? ''}`;
      const first = declared.get(key);
      if (first !== undefined) {
        report([...at, 'sheet'], 'value', `the sheet '${raw['sheet']}' is already described as ${kind === 'table' || kind === 'grid' ? `a ${kind} of ${list}` : `a ${String(kind)} section`} by sheets[${first}] (line ${document.locate(['sheets', first, 'sheet']).line}); the second entry would overwrite the first. Merge the two entries into one`);
      } else declared.set(key, i);
    }
    if (list !== null && !(list in PLAN_LISTS)) report([...at, 'list'], 'value', `'${list}' is not a list of a job plan${didYouMean(list, Object.keys(PLAN_LISTS))}`);

    if (kind === 'fields' && isObj(raw['fields'])) {
      const labelOwners = new Map<string, string>();
      for (const [field, entry] of Object.entries(raw['fields'])) {
        const path = [...at, 'fields', field];
        if (!FIELD_NAMES.includes(field)) {
          report(path, 'key', `'${field}' is not a job plan field${didYouMean(field, FIELD_NAMES)} (an editor completes the names from schemas/workbook-map.schema.json)`);
          continue;
        }
        const object = isObj(entry) ? entry : null;
        const labels = Array.isArray(entry) ? entry : object && Array.isArray(object['labels']) ? object['labels'] : [];
        if (object) {
          for (const key of Object.keys(object)) {
            if (!['labels', 'value', 'section'].includes(key)) report([...path, key], 'key', `unexpected '${key}'${didYouMean(key, ['labels', 'value', 'section'])} (a field takes labels, value and section)`);
          }
          const value = object['value'];
          if (isObj(value)) {
            for (const key of Object.keys(value)) {
              if (!POSITIONS.includes(key)) report([...path, 'value', key], 'key', `'${key}' is not a place for a value${didYouMean(key, POSITIONS)} (write right, below, {right: N}, {below: N} or {after: [Date]})`);
            }
          } else if (typeof value === 'string' && !['right', 'below', 'inline'].includes(value)) {
            report([...path, 'value'], 'value', `'${value}' is not a place for a value${didYouMean(value, ['right', 'below', 'inline'])} (write right, below, inline, {right: N}, {below: N} or {after: [Date]})`);
          }
        }
        // One label text naming two fields of a section is read as the first only, unless headings tell them apart.
        const scoped = object !== null && object['section'] !== undefined;
        for (const label of labels) {
          if (typeof label !== 'string' || scoped) continue;
          const owner = labelOwners.get(normaliseLabel(label));
          if (owner && owner !== field) report(path, 'key', `the label '${label}' is also a label of ${owner}; only one of them can be read. Give each a section: [heading] (the heading above it), or remove one`, 'warning');
          else labelOwners.set(normaliseLabel(label), field);
        }
      }
    }
    if ((kind === 'table' || kind === 'rows') && isObj(raw['columns'])) {
      const allowed = kind === 'rows' ? FIELD_NAMES : list !== null && list in PLAN_LISTS ? Object.keys(PLAN_LISTS[list as keyof typeof PLAN_LISTS]) : null;
      if (allowed) {
        for (const column of Object.keys(raw['columns'])) {
          if (!allowed.includes(column)) report([...at, 'columns', column], 'key', `'${column}' is not a ${kind === 'rows' ? 'job plan field' : `field of ${list}`}${didYouMean(column, allowed)}${kind === 'rows' ? '' : ` (the fields of ${list} are ${allowed.join(', ')})`}`);
        }
      }
    }
    if (kind === 'paragraphs' && isObj(raw['parts']) && list !== null && list in PLAN_LISTS) {
      const allowed = Object.keys(PLAN_LISTS[list as keyof typeof PLAN_LISTS]);
      for (const part of Object.keys(raw['parts'])) {
        if (!allowed.includes(part)) report([...at, 'parts', part], 'key', `'${part}' is not a field of ${list}${didYouMean(part, allowed)} (the fields of ${list} are ${allowed.join(', ')})`);
      }
    }
    if (kind === 'grid' && isObj(raw['category_pas'])) {
      for (const category of Object.keys(raw['category_pas'])) {
        if (!(CATEGORIES as readonly string[]).includes(category)) report([...at, 'category_pas', category], 'key', `'${category}' is not a category${didYouMean(category, CATEGORIES)} (categories are ${CATEGORIES.join(', ')})`);
      }
    }
  });
  return { diagnostics, covered };
}
