/**
 * Writes a suggested map as YAML a policy author or Medical HR can read and edit: one line per field, each with a
 * comment saying where it was found and how sure the guess is, and a header listing what was not found. Strings are
 * written as JSON strings, which YAML reads as double-quoted scalars, so no label can break the file.
 */
import type { FieldEntry, SheetMap, ValuePosition } from '../workbook-map.js';
import type { MapSuggestion } from './suggest-map.js';

const q = (s: string): string => JSON.stringify(s);
const list = (items: readonly string[]): string => `[${items.map(q).join(', ')}]`;

function position(p: ValuePosition): string {
  if (p === 'right' || p === 'below' || p === 'inline') return p;
  if ('after' in p) return `{ after: ${list(p.after)} }`;
  if ('right' in p) return `{ right: ${p.right} }`;
  return `{ below: ${p.below} }`;
}

function fieldEntry(entry: FieldEntry): string {
  if (Array.isArray(entry)) return list(entry);
  const e = entry as Exclude<FieldEntry, readonly string[]>;
  const parts = [`labels: ${list(e.labels)}`];
  if (e.value !== undefined) parts.push(`value: ${position(e.value)}`);
  if (e.section) parts.push(`section: ${list(e.section)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A comment's text on one line, without anything that would end the YAML comment early. */
function comment(text: string | undefined): string {
  return text ? `  # ${text.replace(/[\r\n]+/g, ' ')}` : '';
}

export function renderMapYaml(s: MapSuggestion, context: { readonly source: string; readonly schemaPath?: string }): string {
  const out: string[] = [];
  out.push(`# yaml-language-server: $schema=${context.schemaPath ?? '../schemas/workbook-map.schema.json'}`);
  out.push('#');
  out.push(`# Suggested by 'jobplan map suggest' from ${context.source.replace(/[\r\n]+/g, ' ')}: ${s.kind === 'register' ? 'a register (one job plan per row)' : 'one job plan'}.`);
  out.push(`# Check it with 'jobplan extract <workbook> --map <this file>', then use it with --map or put it in workbook-maps/.`);
  out.push('# Each line says where the field was found and how sure the guess is: sure, likely, or check (look at it).');
  const counts = { sure: 0, likely: 0, check: 0 };
  for (const f of s.found) counts[f.confidence] += 1;
  out.push(`# Found ${s.found.length}: ${counts.sure} sure, ${counts.likely} likely, ${counts.check} to check.`);
  if (s.missing.length > 0) out.push(`# Not found (the rules that need them will say "not judged" or find them missing): ${s.missing.join(', ')}.`);
  const untranslated = s.values.filter((v) => v.value === null);
  if (untranslated.length > 0) out.push(`# Values jobplan does not understand and could not guess (add them under values:): ${untranslated.map((v) => `${v.field} '${v.text}'`).join(', ')}.`);
  for (const n of s.notes) out.push(`# Note: ${n.replace(/[\r\n]+/g, ' ')}`);
  out.push(`map: ${q(s.map.map)}`);
  if (s.map.title) out.push(`title: ${q(s.map.title)}`);
  out.push(`version: ${s.map.version}`);
  if (s.map.values && Object.keys(s.map.values).length > 0) {
    out.push('values:  # the Trust\'s words for the values jobplan knows, guessed from their words: check each');
    for (const [field, words] of Object.entries(s.map.values)) {
      out.push(`  ${field}:`);
      for (const [text, value] of Object.entries(words)) out.push(`    ${q(text)}: ${typeof value === 'string' ? q(value) : String(value)}`);
    }
  }
  out.push('sheets:');
  s.map.sheets.forEach((sheet, i) => renderSheet(out, sheet, i, s.comments));
  return `${out.join('\n')}\n`;
}

function renderSheet(out: string[], sheet: SheetMap, i: number, comments: ReadonlyMap<string, string>): void {
  const c = (key: string): string => comment(comments.get(`sheets.${i}${key}`));
  out.push(`  - sheet: ${q(sheet.sheet)}${c('')}`);
  if (sheet.required) out.push('    required: true');
  out.push(`    kind: ${sheet.kind}`);
  switch (sheet.kind) {
    case 'fields':
      out.push('    fields:');
      for (const [field, entry] of Object.entries(sheet.fields)) if (entry) out.push(`      ${field}: ${fieldEntry(entry)}${c(`.fields.${field}`)}`);
      return;
    case 'rows':
      out.push('    columns:');
      for (const [field, labels] of Object.entries(sheet.columns)) out.push(`      ${field}: ${list(labels)}${c(`.columns.${field}`)}`);
      if (comments.has(`sheets.${i}.unmatched`)) out.push(`    # ${comments.get(`sheets.${i}.unmatched`)!.replace(/[\r\n]+/g, ' ')}`);
      return;
    case 'table':
      out.push(`    list: ${sheet.list}`);
      out.push('    columns:');
      for (const [field, labels] of Object.entries(sheet.columns)) out.push(`      ${field}: ${list(labels)}`);
      if (sheet.category_pas) {
        out.push('    category_pas:');
        for (const [cat, labels] of Object.entries(sheet.category_pas)) out.push(`      ${cat}: ${list(labels)}`);
      }
      if (sheet.sections) {
        out.push('    sections:');
        for (const [field, byValue] of Object.entries(sheet.sections)) {
          out.push(`      ${field}:`);
          for (const [value, headings] of Object.entries(byValue)) out.push(`        ${value}: ${list(headings)}`);
        }
      }
      return;
    case 'paragraphs':
      out.push(`    list: ${sheet.list}`);
      out.push(`    under: ${list(sheet.under)}`);
      if (sheet.text) out.push(`    text: ${sheet.text}`);
      out.push('    parts:');
      for (const [field, spec] of Object.entries(sheet.parts)) {
        if (Array.isArray(spec)) out.push(`      ${field}: ${list(spec as readonly string[])}`);
        else out.push(`      ${field}: { ${Object.entries(spec as Record<string, readonly string[]>).map(([value, labels]) => `${value}: ${list(labels)}`).join(', ')} }`);
      }
      return;
    case 'grid':
      out.push('    list: activities');
      if (sheet.days) out.push(`    days: ${sheet.days}`);
      out.push('    sessions:');
      for (const [name, labels] of Object.entries(sheet.sessions)) out.push(`      ${q(name)}: ${list(labels)}`);
      if (sheet.category_pas) {
        out.push('    category_pas:');
        for (const [cat, labels] of Object.entries(sheet.category_pas)) out.push(`      ${cat}: ${list(labels)}`);
      }
      if (sheet.pas_per_session !== undefined) out.push(`    pas_per_session: ${sheet.pas_per_session}`);
      return;
  }
}
