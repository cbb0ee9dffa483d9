/**
 * Finds label and value pairs on a sheet and where each value sits: right of its label (past a merged label), N
 * cells right past blanks, below it (past a bracketed hint such as "(dd/mm/yyyy)"), or after a `Date` label on the
 * signatory's row or the row under it. A row of labels with nothing else is a form whose answers sit underneath;
 * a label with a value beside it is a pair. Where a label could name two fields, the value's type decides
 * (`External duties` beside 0.5 is the PAs; beside a sentence it is the statement).
 */
import { PLAN_FIELDS, type FieldSpec } from '../../model/job-plan.js';
import { coerceCell } from '../coerce.js';
import { headingOf, normaliseHeading, sectionsOf } from '../sheet-structure.js';
import { cellAddress, type CellValue, type SheetSnapshot } from '../snapshot.js';
import { inlineSplit, mergeEnds } from '../read-fields.js';
import { normaliseLabel, type ValuePosition } from '../workbook-map.js';
import { matchField, matchKey, type FieldMatch } from './match-text.js';
import { FIELD_WORDS, INVERTED_QUESTIONS, SELF_EVIDENT_VALUES } from './vocabulary.js';

export type Confidence = 'sure' | 'likely' | 'check';

export interface FoundField {
  readonly field: string;
  readonly label: string;
  readonly labelCell: string;
  readonly position: ValuePosition;
  /** The value's cell, or the empty cell it belongs in. */
  readonly valueCell: string;
  readonly value: CellValue;
  readonly section: string | null;
  readonly confidence: Confidence;
  readonly note?: string;
  /** A yes-or-no question asked the other way round ("Less than full time?"): Yes means false. */
  readonly inverted?: boolean;
}

interface Located {
  readonly position: ValuePosition;
  readonly row: number;
  readonly col: number;
  readonly found: boolean;
  /** The value written after the label in its own cell (`Name: Dr A Smith`). */
  readonly inline?: string;
}

interface Pair {
  readonly r: number;
  readonly c: number;
  readonly text: string;
  readonly match: FieldMatch;
  readonly at: Located;
  /** 2: the value reads as the field's type; 1: blank or not yet calculated; 0: it does not. */
  readonly fit: number;
}

const HINT = /^\s*\(.*\)\s*$|^\s*\(/;
const DATE_LABEL = /^date\b/i;
const VALUE_HEADER = /^(value|values|answer|your answer|response|entry|details)$/;
const GUIDANCE_HEADER = /^(guidance|notes?|help|description|instructions?|hints?|explanation|how to complete( this)?|what to enter|comments?)$/;

/** Who signs, as a sign-off table's rows name them, and the date field each signature gives. */
const SIGNATORY_ROLES: readonly [RegExp, string][] = [
  [/^(consultant|doctor|practitioner|clinician|specialty doctor|specialist|associate specialist|sas doctor|job ?holder|employee|individual|the doctor)$/, 'signed_practitioner_date'],
  [/^((clinical|medical|associate medical|service) director|clinical (manager|lead)|manager|line manager|amd|cd|md|service manager|clinical director \/ lead|head of service)$/, 'signed_manager_date'],
];

/** Text fields whose values are often numbers (labels of the model's fields). */
const NUMBERS_AS_TEXT = new Set<string>([PLAN_FIELDS.employee_number.label, PLAN_FIELDS.plan_ref.label, PLAN_FIELDS.band.label, PLAN_FIELDS.intensity_band.label, PLAN_FIELDS.intensity_band_paid.label, PLAN_FIELDS.team.label]);

export interface FieldsOnSheet {
  readonly fields: FoundField[];
  /** Labels seen that could not be given a field, with why. */
  readonly notes: string[];
}

/** The label and value pairs of a sheet, outside the cells tables and grids have taken. */
export function findFields(sheet: SheetSnapshot, taken: ReadonlySet<string>, extra?: ReadonlyMap<string, ReadonlySet<string>>): FieldsOnSheet {
  const merges = mergeEnds(sheet);
  const uncalculated = new Set(sheet.uncalculated ?? []);
  const free = (r: number, c: number): boolean => !taken.has(`${r},${c}`);
  const value = (r: number, c: number): CellValue => sheet.rows[r]?.[c] ?? null;
  const matchesAt = new Map<string, FieldMatch[]>();
  const matchesOf = (r: number, c: number): FieldMatch[] => {
    const key = `${r},${c}`;
    let m = matchesAt.get(key);
    if (m === undefined) {
      const v = value(r, c);
      m = typeof v === 'string' && free(r, c) ? matchField(v, FIELD_WORDS, extra) : [];
      matchesAt.set(key, m);
    }
    return m;
  };
  /** A text that is surely a label: it ends in a colon, or is one of the vocabulary's own phrases. */
  const strongLabel = (r: number, c: number): boolean => {
    const v = value(r, c);
    return typeof v === 'string' && (/:\s*$/.test(v) || matchesOf(r, c).some((m) => m.strength >= 3));
  };
  const endsInColon = (r: number, c: number): boolean => {
    const v = value(r, c);
    return typeof v === 'string' && /:\s*$/.test(v);
  };
  // Rows holding labels and nothing else, answered in the rows under them: a form (or a one-row record). The first
  // label's answer must be there and be no label itself, or the row's texts are pairs (`Working pattern | Full time`).
  const labelsInRow = new Map<number, number>();
  const labelRow = (r: number): number => {
    let n = labelsInRow.get(r);
    if (n !== undefined) return n;
    n = 0;
    const row = sheet.rows[r] ?? [];
    let first = -1;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined || !free(r, c)) continue;
      if (typeof v === 'string' && HINT.test(v)) continue;
      // "Full time" is an answer, whatever label it also resembles.
      const answer = typeof v === 'string' && SELF_EVIDENT_VALUES.some(([re]) => re.test(v.trim()));
      if (strongLabel(r, c) && !endsInColon(r, c) && !answer) {
        n += 1;
        if (first < 0) first = c;
      } else { n = 0; break; }
    }
    // The first label must have its answer under it ("Working pattern | Full time" is a pair, not two labels).
    if (n > 0 && !answeredBelow(r, first)) n = 0;
    labelsInRow.set(r, n);
    return n;
  };
  const answeredBelow = (r: number, c: number): boolean => {
    for (let k = r + 1; k <= r + 3 && k < sheet.rows.length; k++) {
      const v = value(k, c);
      if (v === null || (typeof v === 'string' && HINT.test(v))) continue;
      return !strongLabel(k, c);
    }
    return false;
  };

  // Columns headed "Guidance", "Notes", "Help" … in a header row that also heads a "Value" column: below it, texts
  // there explain the form; they are never a label's value.
  const guidanceFrom = new Map<number, number>();
  sheet.rows.forEach((row, r) => {
    const texts = row.map((v) => (typeof v === 'string' ? normaliseLabel(v) : ''));
    if (!texts.some((t) => VALUE_HEADER.test(t))) return;
    texts.forEach((t, c) => { if (GUIDANCE_HEADER.test(t) && !guidanceFrom.has(c)) guidanceFrom.set(c, r); });
  });
  const isGuidance = (r: number, c: number): boolean => (guidanceFrom.get(c) ?? Infinity) < r;

  const pairs: Pair[] = [];
  sheet.rows.forEach((row, r) => {
    const labels = labelRow(r);
    row.forEach((v, c) => {
      if (typeof v !== 'string' || !free(r, c)) return;
      // `Name: Dr A Smith`: a label and its value in one cell.
      const inline = inlineSplit(v);
      if (inline && inline.value !== null) {
        const head = v.slice(0, v.indexOf(':')).trim();
        for (const match of matchField(head, FIELD_WORDS, extra).filter((m) => m.strength >= 2)) {
          const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[match.field];
          if (!spec) continue;
          const at: Located = { position: 'inline', row: r, col: c, found: true, inline: inline.value };
          pairs.push({ r, c, text: head, match: { field: match.field, strength: match.strength === 4 ? 3 : match.strength }, at, fit: fitOf(at, spec) });
        }
        return;
      }
      for (const match of matchesOf(r, c)) {
        const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[match.field];
        if (!spec) continue;
        // A row of labels without colons is a form answered underneath; `Label:` alone on its row is answered beside it.
        const options = labels > 0 && !endsInColon(r, c) ? [locateBelow(r, c, labels)] : locateBeside(r, c, spec);
        for (const at of options) pairs.push({ r, c, text: v.trim(), match, at, fit: fitOf(at, spec) });
      }
    });
  });

  // A value that says which field it answers ("Part time") beside a label the vocabulary does not know ("Hours:").
  sheet.rows.forEach((row, r) => row.forEach((v, c) => {
    if (typeof v !== 'string' || c === 0 || !free(r, c)) return;
    const field = SELF_EVIDENT_VALUES.find(([re]) => re.test(v.trim()))?.[1];
    const label = value(r, c - 1);
    if (!field || typeof label !== 'string' || !free(r, c - 1) || !/:\s*$/.test(label)) return;
    if (matchesOf(r, c - 1).some((m) => m.strength >= 3)) return;
    const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field]!;
    const at: Located = { position: 'right', row: r, col: c, found: true };
    pairs.push({ r, c: c - 1, text: label.trim(), match: { field, strength: 2 }, at, fit: fitOf(at, spec) });
  }));

  // A sign-off table: `Role | Name | Signature | Date` over `Consultant | … | 22/07/2026` and `Clinical Director | …`.
  sheet.rows.forEach((row, r) => {
    const dateCol = row.findIndex((v, c) => typeof v === 'string' && free(r, c) && /^date( signed| of signature)?$/.test(normaliseLabel(v)));
    if (dateCol < 0) return;
    for (let k = r + 1; k <= r + 4 && k < sheet.rows.length; k++) {
      for (let c = 0; c < dateCol; c++) {
        const v = value(k, c);
        if (typeof v !== 'string' || !free(k, c)) continue;
        const field = SIGNATORY_ROLES.find(([re]) => re.test(normaliseLabel(v)))?.[1];
        if (!field) continue;
        const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field]!;
        const at: Located = { position: { right: dateCol - c }, row: k, col: dateCol, found: value(k, dateCol) !== null };
        pairs.push({ r: k, c, text: v.trim(), match: { field, strength: 3 }, at, fit: fitOf(at, spec) });
        break;
      }
    }
  });

  function locateBelow(r: number, c: number, labelsOnRow: number): Located {
    for (let k = 1; k <= 3; k++) {
      const v = value(r + k, c);
      if (v === null || !free(r + k, c)) {
        if (uncalculated.has(cellAddress(r + k, c))) return { position: { below: k }, row: r + k, col: c, found: true };
        continue;
      }
      if (typeof v === 'string' && HINT.test(v)) continue;
      // Under a row of labels the next row holds their answers, whatever they say ("Consultant" as a grade); under a
      // lone label, another label starts the next question.
      if (endsInColon(r + k, c) || labelRow(r + k) > 0 || (labelsOnRow === 1 && strongLabel(r + k, c))) break;
      return { position: { below: k }, row: r + k, col: c, found: true };
    }
    return { position: { below: 1 }, row: r + 1, col: c, found: false };
  }

  function locateBeside(r: number, c: number, spec: FieldSpec): Located[] {
    const end = merges.get(`${r},${c}`) ?? { row: r, col: c };
    const out: Located[] = [];
    // A "Field | Value | Guidance" form: the guidance column never holds the answer.
    if (isGuidance(r, end.col + 1)) return [{ position: 'right', row: r, col: end.col + 1, found: false }];
    const next = value(r, end.col + 1);
    const nextUncalculated = uncalculated.has(cellAddress(r, end.col + 1));
    const isHint = (v: CellValue): boolean => typeof v === 'string' && HINT.test(v);
    if ((next !== null && !isHint(next) && !(typeof next === 'string' && /:\s*$/.test(next))) || nextUncalculated) {
      out.push({ position: 'right', row: r, col: end.col + 1, found: true });
    } else if (next === null || isHint(next)) {
      // Past blanks and a hint such as "(8 digits)" to the answer: always an exact offset.
      for (let k = end.col + 2; k <= end.col + 8; k++) {
        if (isGuidance(r, k)) break;
        const v = value(r, k);
        if ((v === null && !uncalculated.has(cellAddress(r, k))) || isHint(v)) continue;
        if (!endsInColon(r, k)) out.push({ position: { right: k - end.col }, row: r, col: k, found: true });
        break;
      }
    }
    if (spec.type.kind === 'date') {
      // A signatory's row: `Signed (Consultant): | S Jones | Date: | 12/05/2026`, or `Date:` on the row under it.
      for (let rr = r; rr <= r + 2; rr++) {
        if (rr > r && (sheet.rows[rr] ?? []).some((x, k) => k !== c && typeof x === 'string' && matchesOf(rr, k).length > 0 && !DATE_LABEL.test(x))) break;
        const row = sheet.rows[rr] ?? [];
        const from = rr === r ? end.col + 1 : c;
        let hit = -1;
        for (let k = from; k < row.length; k++) if (typeof row[k] === 'string' && DATE_LABEL.test(normaliseLabel(String(row[k]))) && String(row[k]).length <= 12) { hit = k; break; }
        if (hit < 0) continue;
        const dateEnd = merges.get(`${rr},${hit}`)?.col ?? hit;
        out.push({ position: { after: [String(row[hit]).trim()] }, row: rr, col: dateEnd + 1, found: value(rr, dateEnd + 1) !== null });
        break;
      }
    }
    if (out.length === 0) out.push({ position: 'right', row: r, col: end.col + 1, found: false });
    return out;
  }

  function fitOf(at: Located, spec: FieldSpec): number {
    if (!at.found) return 1;
    const v = at.inline ?? value(at.row, at.col);
    if (v === null) return 1;
    const coerced = coerceCell(v, spec.type);
    if (!coerced.ok) return spec.type.kind === 'enum' ? 1 : 0;
    if (spec.type.kind === 'string' && endsInColon(at.row, at.col)) return 0;
    if (spec.type.kind === 'string' && typeof v === 'boolean') return 0;
    // A statement, name or grade is words: a number beside its label fits a number field better (`External Duties | 0`).
    if (spec.type.kind === 'string' && typeof v === 'number' && !NUMBERS_AS_TEXT.has(spec.label)) return 1;
    return 2;
  }

  // The best pair for each field, and a field for each label: value fit first, then how strongly the label names it.
  const score = (p: Pair): number => p.fit * 10 + p.match.strength * 2 + (p.at.found ? 1 : 0);
  const ordered = [...pairs].sort((a, b) => score(b) - score(a) || a.r - b.r || a.c - b.c);
  const fieldTaken = new Set<string>();
  const cellTaken = new Set<string>();
  const valueTaken = new Set<string>();
  const chosen: Pair[] = [];
  const anyStrong = new Set(pairs.filter((p) => p.match.strength >= 2).map((p) => p.match.field));
  for (const p of ordered) {
    const cell = `${p.r},${p.c}`;
    const valueKey = `${p.at.row},${p.at.col}`;
    if (fieldTaken.has(p.match.field) || cellTaken.has(cell) || valueTaken.has(cell)) continue;
    if (p.match.strength === 1 && anyStrong.has(p.match.field)) continue;
    if (p.at.found && (cellTaken.has(valueKey) || valueTaken.has(valueKey))) continue;
    if (p.fit === 0 && p.match.strength < 3) continue;
    // A title bar merged across the sheet ("Additional Programmed Activities" over the APA table) with nothing beside
    // it is a heading, not an unanswered label.
    if (!p.at.found && headingOf(sheet.rows[p.r]) !== null && (merges.get(`${p.r},${p.c}`)?.col ?? p.c) - p.c >= 2) continue;
    fieldTaken.add(p.match.field);
    cellTaken.add(cell);
    if (p.at.found) valueTaken.add(valueKey);
    chosen.push(p);
  }

  // Where most labels of a column have their value in one place, a label whose cell there is blank has a blank value,
  // not the text further on: a "Field | Value | Guidance" form's guidance is never read as the missing answer.
  const usual = new Map<number, string>();
  for (const c of new Set(chosen.map((q) => q.c))) {
    const counts = new Map<string, number>();
    const inColumn = chosen.filter((q) => q.c === c && q.at.found && q.at.inline === undefined && !(typeof q.at.position === 'object' && 'after' in q.at.position));
    for (const q of inColumn) counts.set(JSON.stringify(q.at.position), (counts.get(JSON.stringify(q.at.position)) ?? 0) + 1);
    const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (n >= 3 && n >= 0.6 * inColumn.length) usual.set(c, best);
  }
  const place = (p: Pair, pos: ValuePosition): Located | null => {
    if (pos === 'right') return { position: pos, row: p.r, col: (merges.get(`${p.r},${p.c}`)?.col ?? p.c) + 1, found: false };
    if (typeof pos === 'object' && 'right' in pos) return { position: pos, row: p.r, col: p.c + pos.right, found: false };
    if (typeof pos === 'object' && 'below' in pos) return { position: pos, row: p.r + pos.below, col: p.c, found: false };
    return null;
  };
  for (const [i, p] of chosen.entries()) {
    const key = usual.get(p.c);
    if (!key || !p.at.found || JSON.stringify(p.at.position) === key || p.at.inline !== undefined || (typeof p.at.position === 'object' && 'after' in p.at.position)) continue;
    if (uncalculated.has(cellAddress(p.at.row, p.at.col))) continue;
    const at = place(p, JSON.parse(key) as ValuePosition);
    if (at && value(at.row, at.col) === null && !uncalculated.has(cellAddress(at.row, at.col))) chosen[i] = { ...p, at, fit: 1 };
  }

  // Labels with no value anywhere take the place their neighbours' values have (same column, else same row).
  const settle = (p: Pair): Pair => {
    if (p.at.found) return p;
    const mates = chosen.filter((q) => q !== p && q.at.found && (q.c === p.c || q.r === p.r));
    const same = mates.find((q) => q.c === p.c) ?? mates[0];
    if (!same) return p;
    const pos = same.at.position;
    if (typeof pos === 'object' && 'right' in pos) return { ...p, at: { position: pos, row: p.r, col: p.c + pos.right, found: false } };
    if (typeof pos === 'object' && 'below' in pos) return { ...p, at: { position: pos, row: p.r + pos.below, col: p.c, found: false } };
    return p;
  };

  const sections = sectionsOf(sheet);
  const normalised = (r: number, c: number): string | null => {
    const v = value(r, c);
    return typeof v === 'string' ? normaliseLabel(v) : null;
  };
  const fields: FoundField[] = [];
  for (const raw of chosen.sort((a, b) => a.r - b.r || a.c - b.c)) {
    const p = settle(raw);
    // The same text elsewhere on the sheet (as another field's label or any cell before it): scope by its heading.
    const label = normaliseLabel(p.text);
    let clash = false;
    sheet.rows.forEach((row, r) => row.forEach((_, c) => {
      if ((r !== p.r || c !== p.c) && free(r, c) && normalised(r, c) === label && !valueTaken.has(`${r},${c}`)) clash = true;
    }));
    const heading = sections[p.r] ?? null;
    const section = clash && heading ? heading : null;
    const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[p.match.field]!;
    const confidence: Confidence = p.fit === 2 && p.match.strength >= 3 ? 'sure' : p.fit >= 1 && p.match.strength >= 2 ? 'likely' : 'check';
    const why = p.fit === 0 ? `its value does not read as ${describe(spec)}` : !p.at.found ? 'no value is recorded beside it, so where its value goes was guessed from its neighbours' : p.match.strength === 1 ? `'${p.text}' is used as the ${spec.label.toLowerCase()} because nothing else names it` : p.match.strength === 2 ? `matched by its words, not a known label` : undefined;
    const inverted = INVERTED_QUESTIONS[p.match.field]?.test(matchKey(p.text)) === true;
    const note = clash && !heading ? `the label '${p.text}' appears more than once on the sheet with no heading to tell them apart; the first is read` : why;
    fields.push({
      field: p.match.field, label: p.text, labelCell: cellAddress(p.r, p.c), position: p.at.position, valueCell: cellAddress(p.at.row, p.at.col),
      value: p.at.inline ?? (p.at.found ? value(p.at.row, p.at.col) : null), section: section ? headingText(sheet, p.r, section) : null, confidence, ...(note || inverted ? { note: inverted ? `asked the other way round: Yes is read as not ${spec.label.toLowerCase()}` : note } : {}), ...(inverted ? { inverted } : {}),
    });
  }
  const notes: string[] = [];
  for (const p of pairs) {
    // A cell read as another label's value ("Consultant" as a grade) is no rival label worth a note.
    if (chosen.some((q) => q.r === p.r && q.c === p.c) || valueTaken.has(`${p.r},${p.c}`)) continue;
    if (p.match.strength >= 3 && !notes.some((n) => n.includes(cellAddress(p.r, p.c)))) {
      const winner = chosen.find((q) => q.match.field === p.match.field);
      if (winner) notes.push(`${cellAddress(p.r, p.c)} '${p.text}' also reads as ${p.match.field}; ${cellAddress(winner.r, winner.c)} was preferred${p.fit === 0 ? ` (the value beside ${cellAddress(p.r, p.c)} does not read as ${describe((PLAN_FIELDS as Record<string, FieldSpec>)[p.match.field]!)})` : ''}`);
    }
  }
  return { fields, notes };
}

function describe(spec: FieldSpec): string {
  switch (spec.type.kind) {
    case 'date': return 'a date';
    case 'number': return 'a number';
    case 'boolean': return 'Yes or No';
    case 'enum': return `one of ${spec.type.values.join(', ')}`;
    default: return 'text';
  }
}

/** The heading text as written in the sheet for the normalised heading above row `r`. */
function headingText(sheet: SheetSnapshot, r: number, normalised: string): string {
  for (let k = r - 1; k >= 0; k--) {
    for (const v of sheet.rows[k] ?? []) if (typeof v === 'string' && normaliseHeading(v) === normalised) return v.trim();
  }
  return normalised;
}
