/**
 * A big JSON plan list is located by scanning its text, not by building a YAML document of it (one misplaced value in
 * a 30 MB list took 1.9 GB and a minute): the scanner finds the same line:col the YAML parser does.
 */
import { describe, expect, it } from 'vitest';
import { JsonLocator, parseJsonBytes } from '../../src-engine/node/json-text.js';
import { parseYaml } from '../../src-engine/yaml/yaml-document.js';

const plan = { plan_ref: 'JP-1', practitioner_name: 'Dr "Q" A\\B', contracted_pas: 10, activities: [{ day: 'Mon', pas: 1, tags: ['a', 'b'] }, { day: 'Tue', pas: { odd: [1, { x: null }] } }], empty: {}, none: [] };

describe('JsonLocator', () => {
  it('finds values and keys where the YAML parser does, in compact and indented JSON', () => {
    const paths: (readonly (string | number)[])[] = [[], [0], [1, 'plan_ref'], [1, 'contracted_pas'], [1, 'activities', 1, 'pas', 'odd', 1, 'x'], [1, 'activities', 0, 'tags', 1], [0, 'empty'], [1, 'none']];
    for (const text of [JSON.stringify([plan, plan]), JSON.stringify([plan, plan], null, 2), JSON.stringify([plan, plan], null, '\t')]) {
      const parsed = parseYaml(text, 'p.json', 'plan_json_error');
      if (!parsed.ok) throw new Error('yaml');
      const locator = new JsonLocator(text);
      for (const path of paths) {
        for (const where of ['value', 'key'] as const) {
          if (where === 'key' && typeof path[path.length - 1] !== 'string') continue;
          expect(locator.position(locator.offset(path, where), 'p.json'), `${JSON.stringify(path)} ${where}`).toEqual(parsed.document.locate(path, where));
        }
      }
    }
  });

  it('says -1 for a path the text does not have', () => {
    const locator = new JsonLocator(JSON.stringify([plan]));
    expect(locator.offset([3, 'plan_ref'], 'value')).toBe(-1);
    expect(locator.offset([0, 'nope'], 'value')).toBe(-1);
    expect(locator.offset([0, 'activities', 9], 'value')).toBe(-1);
  });

  it('a list of plans over 2 MB is located by the scanner: the misplaced value of its last plan at its line and column', () => {
    const one = JSON.stringify({ plan_ref: 'JP-X', contracted_pas: 10, note: 'x'.repeat(2000) });
    const count = 1200;
    const items = Array.from({ length: count }, (_, i) => one.replace('JP-X', `JP-${i}`));
    items[count - 1] = items[count - 1]!.replace('"contracted_pas":10', '"contracted_pas":"ten"');
    const text = `[${items.join(',\n')}]\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const read = parseJsonBytes(new TextEncoder().encode(text), 'plans.json', 'plan_json_error');
    if (!read.ok) throw new Error('not read');
    expect(read.locate([count - 1, 'contracted_pas'])).toEqual({ file: 'plans.json', line: count, col: items[count - 1]!.indexOf('"ten"') + 1 });
    expect(read.locate([count - 1, 'contracted_pas'], 'key')).toEqual({ file: 'plans.json', line: count, col: items[count - 1]!.indexOf('"contracted_pas"') + 1 });
  });
});
