/** A workbook map's mistakes, each said once, at its line and column, with what was probably meant. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { extractJobPlan } from '../../src-engine/workbook/extract.js';
import { parseWorkbookMap } from '../../src-engine/workbook/workbook-map.js';

const lines = (yaml: string): string[] => parseWorkbookMap(yaml, 'trust.yaml').diagnostics.map(formatDiagnostic);

describe('map errors', () => {
  it('a misspelt field: its line and column and the field meant, with no list of every field', () => {
    const out = lines('map: t\nversion: 1\nsheets:\n  - sheet: Plan\n    kind: fields\n    fields:\n      practioner_name: [Name]\n');
    expect(out).toEqual([expect.stringMatching(/^trust\.yaml:7:7: map_schema_error: 'practioner_name' is not a job plan field; did you mean 'practitioner_name'/)]);
    expect(out[0]).not.toMatch(/delivered_hours/);
  });

  it('a misspelt place for a value, kind, list column and category', () => {
    const out = lines([
      'map: t', 'version: 1', 'sheets:',
      '  - sheet: Plan', '    kind: fields', '    fields:', '      start_date: { labels: [Start], value: { rihgt: 2 } }',
      '  - sheet: Plan', '    kind: table', '    list: objectives', '    columns: { objectiv: [Objective] }',
      '  - sheet: Plan', '    kind: gird',
      '  - sheet: Times', '    kind: grid', '    list: activities', '    sessions: { AM: [AM], PM: [PM] }', '    category_pas: { DDC: [DCC PAs] }',
    ].join('\n'));
    expect(out).toEqual([
      expect.stringMatching(/^trust\.yaml:7:47: .*'rihgt' is not a place for a value; did you mean 'right'\?/),
      expect.stringMatching(/^trust\.yaml:11:16: .*'objectiv' is not a field of objectives; did you mean 'objective'\?/),
      expect.stringMatching(/^trust\.yaml:13:11: .*'gird' is not a kind of section; did you mean 'grid'\?/),
      expect.stringMatching(/^trust\.yaml:18:21: .*'DDC' is not a category; did you mean 'DCC'/),
    ]);
  });

  it('the same sheet described twice as the same kind: the second entry, naming the first', () => {
    const out = lines('map: t\nversion: 1\nsheets:\n  - sheet: Plan\n    kind: fields\n    fields: { grade: [Grade] }\n  - sheet: plan\n    kind: fields\n    fields: { specialty: [Specialty] }\n');
    expect(out).toEqual([expect.stringMatching(/^trust\.yaml:7:12: .*the sheet 'plan' is already described as a fields section by sheets\[0\] \(line 4\).*Merge/)]);
    // One sheet holding a fields section, a grid and two different tables is fine.
    expect(lines('map: t\nversion: 1\nsheets:\n  - { sheet: Plan, kind: fields, fields: { grade: [Grade] } }\n  - { sheet: Plan, kind: table, list: objectives, columns: { objective: [Objective] } }\n  - { sheet: Plan, kind: table, list: additional_pas, columns: { pas: [PAs] } }\n')).toEqual([]);
  });

  it('one label claimed by two fields of a section is a warning naming both; the map still reads', () => {
    const yaml = 'map: t\nversion: 1\nsheets:\n  - sheet: Plan\n    kind: fields\n    fields:\n      declared_ed_pas: [External duties]\n      external_duties_statement: [External duties]\n';
    const { map, diagnostics } = parseWorkbookMap(yaml, 'trust.yaml');
    expect(map).not.toBeNull();
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^trust\.yaml:8:7: warning: map_warning: the label 'External duties' is also a label of declared_ed_pas.*section/)]);
  });

  it('two labels reading one cell are reported at the cell', () => {
    const { map } = parseWorkbookMap('map: t\nversion: 1\nsheets:\n  - sheet: Plan\n    kind: fields\n    fields:\n      grade: { labels: [Grade], value: { right: 2 } }\n      specialty: [Specialty]\n', 'trust.yaml');
    const { diagnostics } = extractJobPlan({ source: 'p.xlsx', sheets: [{ name: 'Plan', rows: [['Grade', 'Specialty', 'Psychiatry']] }] }, map!);
    expect(diagnostics.find((d) => d.code === 'map_cell_claimed_twice')).toMatchObject({ location: { sheet: 'Plan', cell: 'C1' }, message: expect.stringMatching(/C1 is read as both Grade and Specialty/) });
  });
});
