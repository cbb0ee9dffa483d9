import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_PREV,
  auditLineHash,
  buildAuditEntry,
  checkAuditLine,
  computeAuditHash,
  redactPath,
  serialiseAuditEntry,
  verifyAuditLog,
  type AuditEntry,
} from '../../src-engine/audit/audit-log.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';

function fakeReport(n: number): EvaluationReport {
  return {
    engineVersion: '0.1.0',
    evaluatedAt: `2026-11-2${n}T09:00:00.000Z`,
    asOf: null,
    today: '2026-11-23',
    policies: [{ id: 'cpft-job-planning', version: '2017-04-28', sha256: 'a'.repeat(64), status: 'ratified', effectiveFrom: '2017-04-28', illustrative: false, path: 'policies/cpft-job-planning/2017-04-28.yaml' }],
    inputs: [{ path: `plans/Dr Jane Smith ${n}.xlsx`, sha256: sha256Hex(`workbook ${n}`) }],
    options: { policy: null, map: { path: 'workbook-maps/jobplan-template.yaml', sha256: 'b'.repeat(64) }, policiesDirs: ['policies'] },
    plans: [], groups: [],
    diagnostics: [],
    summary: { plans: 1, findings: { error: n % 2, warning: 2, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 1, info: 1 } },
  };
}

/** A log of `count` runs, as jobplan writes it: one line each, a newline after every line. */
function buildLog(count: number, redact = false): string[] {
  const lines: string[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const args = [`plans/Dr Jane Smith ${seq}.xlsx`, '--today', '2026-11-23', '--out', 'Smith findings.xlsx'];
    const entry = buildAuditEntry(fakeReport(seq), { at: `2026-11-2${seq}T09:00:01.000Z`, user: 'hr.officer', args, redact }, lines.at(-1) ?? null, seq);
    lines.push(serialiseAuditEntry(entry));
  }
  return lines;
}

const file = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');
const parse = (line: string) => JSON.parse(line) as AuditEntry;
const codes = (text: string) => verifyAuditLog(text).problems.map((p) => `${p.line}:${p.code}`);

/** Changes a field of a line the way a person with a text editor would, leaving `hash` as it was. */
function editField(line: string, change: (e: Record<string, unknown>) => void, recomputeHash = false): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  change(entry);
  if (recomputeHash) entry['hash'] = computeAuditHash(entry as unknown as AuditEntry);
  return serialiseAuditEntry(entry as unknown as AuditEntry);
}

describe('building entries', () => {
  it('records the run: counts, policy stamps, inputs with hashes, chained to the previous line', () => {
    const [l1, l2] = buildLog(2);
    const e1 = parse(l1!);
    const e2 = parse(l2!);
    expect(e1).toMatchObject({
      seq: 1, user: 'hr.officer', command: 'validate', engineVersion: '0.1.0', today: '2026-11-23', asOf: null,
      inputs: [{ path: 'plans/Dr Jane Smith 1.xlsx', sha256: sha256Hex('workbook 1') }],
      map: { path: 'workbook-maps/jobplan-template.yaml', sha256: 'b'.repeat(64) },
      policies: [{ id: 'cpft-job-planning', version: '2017-04-28', sha256: 'a'.repeat(64) }],
      counts: { plans: 1, error: 1, warning: 2, info: 0, diagnostics: 2 },
      prev: AUDIT_GENESIS_PREV,
    });
    expect(e2.seq).toBe(2);
    expect(e2.prev).toBe(sha256Hex(l1!));
    expect(e2.prev).toBe(auditLineHash(l1!));
  });

  it('serialises to one line with a fixed key order, the hash covering everything but itself', () => {
    const [line] = buildLog(1);
    expect(line).not.toContain('\n');
    expect(Object.keys(parse(line!))).toEqual(['seq', 'at', 'user', 'command', 'args', 'engineVersion', 'today', 'asOf', 'inputs', 'map', 'policies', 'counts', 'prev', 'hash']);
    const { hash, ...rest } = parse(line!);
    expect(hash).toBe(sha256Hex(JSON.stringify(rest)));
    expect(checkAuditLine(line!)).toMatchObject({ ok: true });
  });

  it('with redaction, file names become pseudonyms and the file hashes stay', () => {
    const [line] = buildLog(1, true);
    const e = parse(line!);
    expect(line).not.toContain('Smith');
    expect(e.inputs).toEqual([{ path: redactPath('plans/Dr Jane Smith 1.xlsx'), sha256: sha256Hex('workbook 1') }]);
    expect(e.inputs[0]!.path).toMatch(/^redacted:[0-9a-f]{12}$/);
    // the argument naming the input gets the same pseudonym; option values that name no one are kept
    expect(e.args).toEqual([redactPath('plans/Dr Jane Smith 1.xlsx'), '--today', '2026-11-23', '--out', redactPath('Smith findings.xlsx')]);
    expect(redactPath('./plans\\Dr Jane Smith 1.xlsx')).toBe(redactPath('plans/Dr Jane Smith 1.xlsx'));
    expect(verifyAuditLog(file(buildLog(3, true))).ok).toBe(true);
  });

  it('redacts --name=value forms and keeps flags', () => {
    const report = fakeReport(1);
    const e = buildAuditEntry(report, { at: 'x', user: null, args: ['--out=Jones.xlsx', '--format=json', '--audit-redact', 'Jones/'], redact: true }, null, 1);
    expect(e.args).toEqual([`--out=${redactPath('Jones.xlsx')}`, '--format=json', '--audit-redact', redactPath('Jones')]);
    expect(e.user).toBeNull();
  });
});

describe('verifying an untouched log', () => {
  it('a log of four runs verifies clean, with the head hash of its last line', () => {
    const lines = buildLog(4);
    const result = verifyAuditLog(file(lines));
    expect(result).toEqual({ ok: true, entries: 4, headHash: sha256Hex(lines[3]!), problems: [] });
  });

  it('tolerates CRLF line ends, a missing final newline and a byte order mark', () => {
    const lines = buildLog(4);
    expect(verifyAuditLog(lines.map((l) => `${l}\r\n`).join('')).ok).toBe(true);
    expect(verifyAuditLog(lines.join('\n')).ok).toBe(true);
    expect(verifyAuditLog(`\uFEFF${file(lines)}`).ok).toBe(true);
  });

  it('accepts a head hash recorded earlier that is still in the log', () => {
    const lines = buildLog(4);
    expect(verifyAuditLog(file(lines), { expectHead: sha256Hex(lines[2]!) }).ok).toBe(true);
  });
});

describe('verifying a tampered log', () => {
  const lines = buildLog(4);

  it('an edited field in line 2 (hash left as it was): line 2 was edited', () => {
    const tampered = [...lines];
    tampered[1] = editField(lines[1]!, (e) => { (e['counts'] as Record<string, number>)['error'] = 7; });
    const result = verifyAuditLog(file(tampered));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 2, code: 'audit_edited', message: 'line 2 was edited after it was written (its hash does not match its content)' }]);
  });

  it('an edited line 2 whose own hash was recomputed: caught by line 3, which recorded the original', () => {
    const tampered = [...lines];
    tampered[1] = editField(lines[1]!, (e) => { e['user'] = 'someone.else'; }, true);
    const result = verifyAuditLog(file(tampered));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 2, code: 'audit_edited' });
    expect(result.problems[0]!.message).toContain('line 3 records a different hash for it');
  });

  it('an edited last line is caught by its own hash', () => {
    const tampered = [...lines];
    tampered[3] = editField(lines[3]!, (e) => { e['user'] = 'nobody'; });
    expect(codes(file(tampered))).toEqual(['4:audit_edited']);
  });

  it('a last line with an extra field (hash still matching the known fields) is edited', () => {
    const tampered = [...lines];
    tampered[3] = lines[3]!.replace(/^\{/, '{"note":"checked by me",');
    const result = verifyAuditLog(file(tampered));
    expect(codes(file(tampered))).toEqual(['4:audit_edited']);
    expect(result.problems[0]!.message).toContain('not as jobplan wrote it');
  });

  it('a deleted line 2: line 3 (now line 2) does not follow line 1, one line removed', () => {
    const tampered = [lines[0]!, lines[2]!, lines[3]!];
    const result = verifyAuditLog(file(tampered));
    expect(result.problems).toEqual([{ line: 2, code: 'audit_missing_lines', message: 'line 2 does not follow line 1: its prev hash matches no line in the file and seq jumps from 1 to 3 — 1 line between them was removed' }]);
  });

  it('two deleted lines in the middle are counted', () => {
    const long = buildLog(6);
    const result = verifyAuditLog(file([long[0]!, long[1]!, long[4]!, long[5]!]));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 3, code: 'audit_missing_lines' });
    expect(result.problems[0]!.message).toContain('2 lines between them were removed');
  });

  it('a deleted first line: the log starts at seq 2', () => {
    const result = verifyAuditLog(file(lines.slice(1)));
    expect(result.problems).toEqual([{ line: 1, code: 'audit_missing_lines', message: 'the log starts at seq 2: the first 1 line was removed' }]);
  });

  it('a deleted LAST line is NOT detectable by the chain alone: the shorter log verifies, only the head hash changes', () => {
    // This is the limit of any hash chain kept in the file itself: nothing after the last line records its hash.
    // `jobplan audit verify` prints the head hash so it can be kept elsewhere; --expect-head then catches the removal.
    const original = verifyAuditLog(file(lines));
    const shortened = verifyAuditLog(file(lines.slice(0, 3)));
    expect(shortened.ok).toBe(true);
    expect(shortened.entries).toBe(3);
    expect(shortened.headHash).not.toBe(original.headHash);
    const checked = verifyAuditLog(file(lines.slice(0, 3)), { expectHead: original.headHash! });
    expect(checked.ok).toBe(false);
    expect(checked.problems).toEqual([expect.objectContaining({ line: 3, code: 'audit_head_mismatch' })]);
  });

  it('lines 2 and 3 swapped: out of order, nothing reported as removed', () => {
    const tampered = [lines[0]!, lines[2]!, lines[1]!, lines[3]!];
    const result = verifyAuditLog(file(tampered));
    expect(result.problems).toEqual([{ line: 3, code: 'audit_out_of_order', message: 'lines 2 and 3 are out of order (seq 3 before seq 2): lines were moved' }]);
  });

  it('a line moved from the end to the start', () => {
    const tampered = [lines[3]!, lines[0]!, lines[1]!, lines[2]!];
    expect(codes(file(tampered))).toEqual(['2:audit_out_of_order']);
  });

  it('a hand-written line inserted in the middle (not chained): reported as not written by jobplan', () => {
    const fake = editField(lines[1]!, (e) => { e['seq'] = 3; e['user'] = 'forger'; e['prev'] = 'f'.repeat(64); });
    const tampered = [lines[0]!, lines[1]!, fake, lines[2]!, lines[3]!];
    const result = verifyAuditLog(file(tampered));
    expect(result.problems).toEqual([{ line: 3, code: 'audit_inserted', message: 'line 3 was not written by jobplan: its hash does not match its content and its prev hash matches no line in the file (added by hand?)' }]);
  });

  it('a line appended by hand without the chain', () => {
    const fake = editField(lines[3]!, (e) => { e['seq'] = 5; e['at'] = '2026-12-01T00:00:00.000Z'; e['prev'] = '0'.repeat(64); });
    expect(codes(file([...lines, fake]))).toEqual(['5:audit_inserted']);
  });

  it('a line appended by hand that copies the chain fields but not the hash: edited', () => {
    const fake = editField(lines[3]!, (e) => { e['seq'] = 5; e['prev'] = sha256Hex(lines[3]!); });
    expect(codes(file([...lines, fake]))).toEqual(['5:audit_edited']);
  });

  it('a line appended by hand that is not an entry at all', () => {
    const result = verifyAuditLog(`${file(lines)}{"run":"extra"}\n`);
    expect(result.problems).toEqual([{ line: 5, code: 'audit_bad_entry', message: "line 5 is not a jobplan audit entry (no 'seq'): written by hand or by another tool?" }]);
  });

  it('a copy of an earlier line pasted in again', () => {
    expect(codes(file([...lines, lines[1]!]))).toEqual(['5:audit_duplicate']);
  });

  it('corrupt JSON (a line cut short) is reported once, not also as a removed line', () => {
    const tampered = [...lines];
    tampered[2] = lines[2]!.slice(0, 80);
    expect(verifyAuditLog(file(tampered)).problems).toEqual([{ line: 3, code: 'audit_bad_json', message: 'line 3 is not valid JSON: it was cut short or corrupted' }]);
  });

  it('a truncated file (the last line cut off mid-write)', () => {
    const result = verifyAuditLog(file(lines).slice(0, -40));
    expect(result.problems.map((p) => `${p.line}:${p.code}`)).toEqual(['4:audit_bad_json']);
    expect(result.headHash).toBeNull();
  });

  it('a blank line in the middle', () => {
    const tampered = [lines[0]!, lines[1]!, '', lines[2]!, lines[3]!];
    expect(verifyAuditLog(file(tampered)).problems).toEqual([{ line: 3, code: 'audit_blank_line', message: 'line 3 is blank: jobplan never writes blank lines (an entry erased, or the file edited by hand)' }]);
  });

  it('an entry erased to a blank line: the blank line explains the gap in seq', () => {
    expect(codes(file([lines[0]!, '', lines[2]!, lines[3]!]))).toEqual(['2:audit_blank_line']);
  });

  it('an empty file', () => {
    const result = verifyAuditLog('');
    expect(result).toMatchObject({ ok: false, entries: 0, headHash: null });
    expect(result.problems.map((p) => p.code)).toEqual(['audit_empty']);
  });

  it('two neighbouring lines edited: both reported as edited, nothing as removed', () => {
    const tampered = [...lines];
    tampered[1] = editField(lines[1]!, (e) => { e['user'] = 'x'; });
    tampered[2] = editField(lines[2]!, (e) => { e['user'] = 'x'; });
    expect(codes(file(tampered))).toEqual(['2:audit_edited', '3:audit_edited']);
  });

  it('a deleted line hidden by renumbering the later lines (hashes recomputed): the chain shows where', () => {
    const renumbered = [lines[0]!, editField(lines[2]!, (e) => { e['seq'] = 2; }, true), editField(lines[3]!, (e) => { e['seq'] = 3; }, true)];
    const result = verifyAuditLog(file(renumbered));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 2, code: 'audit_chain_broken' });
    expect(result.problems[0]!.message).toContain('a line was removed after line 1 and the later lines renumbered');
  });

  it('a seq number changed (hash recomputed): the prev hash shows which line it really follows', () => {
    const tampered = [...lines];
    tampered[2] = editField(lines[2]!, (e) => { e['seq'] = 9; }, true);
    const result = verifyAuditLog(file(tampered));
    expect(result.problems[0]).toEqual({ line: 3, code: 'audit_chain_broken', message: 'line 3 (seq 9) chains to line 2 (seq 2), not to seq 8: seq numbers were changed' });
  });
});

describe('verification is bounded by the log, not by what its lines claim', () => {
  /** A line whose seq was edited and its hash recomputed, as a forger (or a fuzzer) would write it. */
  const withSeq = (line: string, seq: number) => editField(line, (e) => { e['seq'] = seq; }, true);

  it('a line claiming seq 10^15 (in the middle, or first) is reported, with work proportional to the lines', () => {
    const lines = buildLog(4);
    for (const tampered of [[lines[0]!, lines[1]!, withSeq(lines[2]!, 1e15), lines[3]!], [withSeq(lines[0]!, 1e15), ...lines.slice(1)], [...lines, withSeq(lines[3]!, 1e15)]]) {
      const work = { steps: 0 };
      const result = verifyAuditLog(file(tampered), { work });
      expect(result.ok).toBe(false);
      // The old verifier counted through every seq between neighbours: 10^15 steps. Now a few per line.
      expect(work.steps).toBeGreaterThanOrEqual(tampered.length);
      expect(work.steps).toBeLessThan(40 * tampered.length);
    }
  });

  it('a seq beyond the safe integers is not an entry', () => {
    const lines = buildLog(2);
    expect(codes(file([lines[0]!, withSeq(lines[1]!, 2 ** 60)]))).toEqual(['2:audit_bad_entry']);
  });

  it('work stays linear for a long log full of duplicate seqs and edited lines', () => {
    const lines = buildLog(3);
    const many = Array.from({ length: 2000 }, (_, i) => editField(lines[1]!, (e) => { e['user'] = `u${i}`; }));
    const work = { steps: 0 };
    verifyAuditLog(file([lines[0]!, ...many, lines[2]!]), { work });
    expect(work.steps).toBeGreaterThanOrEqual(2002);
    expect(work.steps).toBeLessThan(40 * 2002);
  });
});

describe('a line cut short by a crash', () => {
  const lines = buildLog(4);
  const cut = lines[3]!.slice(0, 60);

  it('at the end of the log: a problem naming the line and what to do', () => {
    const result = verifyAuditLog(`${file(lines.slice(0, 3))}${cut}`);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 4, code: 'audit_bad_json' });
    expect(result.problems[0]!.message).toContain('The next run appends after it and chains to line 3');
  });

  it('skipped by the next run (which chains to the line before it): a note, the chain intact', () => {
    // What the Node shell writes after a crash left line 3 cut short: a newline, then a line chaining to line 2.
    const [l1, l2] = buildLog(2);
    const next = buildAuditEntry(fakeReport(3), { at: 'later', user: null, args: [], redact: false }, l2!, 3);
    const result = verifyAuditLog(file([l1!, l2!, lines[2]!.slice(0, 80), serialiseAuditEntry(next)]));
    expect(result.ok).toBe(true);
    expect(result.notes).toEqual([expect.objectContaining({ line: 3, code: 'audit_cut_short' })]);
  });

  it('garbage that is not the start of a jobplan line stays a problem', () => {
    expect(codes(file([lines[0]!, lines[1]!, 'garbage{{', lines[2]!, lines[3]!]))).toEqual(['3:audit_bad_json']);
  });
});

describe('anchors: head hashes recorded in reports', () => {
  const lines = buildLog(5);
  const anchor = (seq: number, source = `report-${seq}.json`) => ({ source, seq, head: sha256Hex(lines[seq - 1]!) });
  /** Lines from `from` on rebuilt by a forger: edited and every hash after recomputed, so the chain is whole. */
  function forgeFrom(from: number, change: (e: Record<string, unknown>) => void): string[] {
    const out = lines.slice(0, from - 1);
    for (let seq = from; seq <= lines.length; seq++) {
      const e = JSON.parse(lines[seq - 1]!) as Record<string, unknown>;
      if (seq === from) change(e);
      e['prev'] = out.length === 0 ? AUDIT_GENESIS_PREV : sha256Hex(out.at(-1)!);
      e['hash'] = computeAuditHash(e as unknown as AuditEntry);
      out.push(serialiseAuditEntry(e as unknown as AuditEntry));
    }
    return out;
  }

  it('an untouched log agrees with every report', () => {
    expect(verifyAuditLog(file(lines), { anchors: [anchor(2), anchor(5)] }).ok).toBe(true);
  });

  it('a rewritten tail (hashes recomputed) passes the chain but not a report holding a later head', () => {
    const forged = forgeFrom(3, (e) => { (e['counts'] as Record<string, number>)['error'] = 0; });
    expect(verifyAuditLog(file(forged)).ok).toBe(true); // the chain alone cannot see it
    const result = verifyAuditLog(file(forged), { anchors: [anchor(2), anchor(4)] });
    expect(result.problems.map((p) => `${p.line}:${p.code}`)).toEqual(['4:audit_anchor_mismatch']);
    expect(result.problems[0]!.message).toContain('report-4.json recorded seq 4');
  });

  it('a full rewrite is caught by any report', () => {
    const forged = forgeFrom(1, (e) => { e['user'] = 'someone.else'; });
    expect(verifyAuditLog(file(forged), { anchors: [anchor(1)] }).problems.map((p) => p.code)).toEqual(['audit_anchor_mismatch']);
  });

  it('a forged line in place of a real last line, and a cut end, are caught by the report that holds it', () => {
    const forgedLast = forgeFrom(5, (e) => { e['command'] = 'report'; });
    expect(verifyAuditLog(file(forgedLast), { anchors: [anchor(5)] }).ok).toBe(false);
    const cut = verifyAuditLog(file(lines.slice(0, 3)), { anchors: [anchor(5)] });
    expect(cut.problems[0]!.message).toContain('it ends at seq 3): lines were removed from the end');
  });

  it('what anchors cannot see: a line forged after the newest head any report holds', () => {
    const extra = buildAuditEntry(fakeReport(6), { at: 'x', user: 'forger', args: [], redact: false }, lines[4]!, 6);
    expect(verifyAuditLog(file([...lines, serialiseAuditEntry(extra)]), { anchors: [anchor(5)] }).ok).toBe(true);
  });
});

describe('HMAC with a key held outside the log', () => {
  const key = 'trust-secret-key';
  function keyedLog(count: number, k = key): string[] {
    const out: string[] = [];
    for (let seq = 1; seq <= count; seq++) out.push(serialiseAuditEntry(buildAuditEntry(fakeReport(seq), { at: 'x', user: 'hr', args: [], redact: false, key: k }, out.at(-1) ?? null, seq)));
    return out;
  }

  it('lines carry a mac; the log verifies with the key and (macs unchecked) without it', () => {
    const lines = keyedLog(3);
    expect(parse(lines[0]!).mac).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditLog(file(lines), { key }).ok).toBe(true);
    expect(verifyAuditLog(file(lines)).ok).toBe(true);
  });

  it('a forged appended line with a recomputed hash (no key) is caught; so is one made with another key', () => {
    const lines = keyedLog(3);
    const noMac = buildAuditEntry(fakeReport(4), { at: 'x', user: 'forger', args: [], redact: false }, lines[2]!, 4);
    expect(verifyAuditLog(file([...lines, serialiseAuditEntry(noMac)])).ok).toBe(true); // the chain alone accepts it
    expect(codes2(file([...lines, serialiseAuditEntry(noMac)]), key)).toEqual(['4:audit_mac_missing']);
    const wrongKey = buildAuditEntry(fakeReport(4), { at: 'x', user: 'forger', args: [], redact: false, key: 'guess' }, lines[2]!, 4);
    expect(codes2(file([...lines, serialiseAuditEntry(wrongKey)]), key)).toEqual(['4:audit_mac_mismatch']);
  });

  it('a full rewrite without the key is caught on every line', () => {
    const forged = keyedLog(3, 'not-the-key');
    expect(codes2(file(forged), key)).toEqual(['1:audit_mac_mismatch', '2:audit_mac_mismatch', '3:audit_mac_mismatch']);
  });

  const codes2 = (text: string, k: string) => verifyAuditLog(text, { key: k }).problems.map((p) => `${p.line}:${p.code}`);
});
