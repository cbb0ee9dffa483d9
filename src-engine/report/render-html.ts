/**
 * The committee report as ONE self-contained HTML page: inline CSS, inline SVG charts, no scripts, no fonts or
 * other resources fetched from anywhere, laid out to print on A4. What a Workforce committee reads (the Swansea Bay
 * progress report, NHS England's KPIs): how many plans are current against the target, by specialty and care
 * group; the plans expiring in the next 30/60/90 days (the reminders); the DCC:SPA distribution; PAs paid against
 * PAs planned; and what the policy rules found, stamped with the exact policy versions that judged it.
 *
 * Pure string building (the core runs in the Excel task pane too): no DOM, no Node. Every value that came from a
 * workbook or a policy file (names, messages, refs, file names) goes through `escapeHtml`.
 */
import { formatDiagnostic } from '../diagnostics/diagnostic.js';
import { formatUkDate, isIsoDate, type IsoDate } from '../model/dates.js';
import type { ComplianceTable, RegisterSummary } from './register-summary.js';
import type { EvaluationReport, Finding } from './report.js';
import { IMPACT_KINDS, type GroupCount, type ImpactKind, type ImpactOutcome, type KindCounts, type PlanImpact, type PolicyImpact } from '../policy/impact.js';
import { againstTarget, payBasisText, pct, plural, targetText } from './summary-text.js';

/** NHS identity colours. */
const C = {
  blue: '#005EB8',
  darkBlue: '#003087',
  yellow: '#FFB81C',
  red: '#DA291C',
  green: '#009639',
  text: '#212B32',
  secondary: '#4C6272',
  grey: '#AEB7BD',
  pale: '#F0F4F5',
  white: '#FFFFFF',
} as const;

/** Rows beyond these are left to the workbook (the HTML says so): a committee paper is not a data dump. */
export const HTML_LIMITS = { findings: 1500, expiring: 1000, payTable: 1000, payChart: 40, offenders: 25, diagnostics: 200 } as const;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const e = escapeHtml;

function ukDate(date: IsoDate | null | undefined): string {
  if (!date) return '';
  return isIsoDate(date) ? formatUkDate(date) : date;
}

/** An ISO timestamp as people read it: `2026-11-23T09:00:00.000Z` → "23/11/2026 09:00 UTC". */
export function ukTimestamp(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return m ? `${formatUkDate(m[1]!)} ${m[2]} UTC` : at;
}

/** A PA figure: at most two decimals, a true minus sign. */
function pas(x: number, signed = false): string {
  const text = (Math.round(Math.abs(x) * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  if (x < 0) return `−${text}`;
  return signed && x > 0 ? `+${text}` : text;
}

/** SVG coordinates: one decimal is plenty, and keeps the markup short and testable. */
function n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A label in at most two lines of at most `max` characters each, broken at spaces, the second cut with "…" when
 * the text is longer still. Characters are counted, not measured: `max` is set from the label column's width at
 * 0.6 em a character, wider than Arial's average, so a label never runs out of its column (the screenshot tests
 * measure it in Chromium).
 */
export function wrapLabel(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const words = text.split(/\s+/);
  let first = '';
  let i = 0;
  while (i < words.length && (first ? `${first} ${words[i]}` : words[i]!).length <= max) first = first ? `${first} ${words[i++]}` : words[i++]!;
  if (!first) return [truncate(text, max)]; // one word longer than a line
  const rest = words.slice(i).join(' ');
  return [first, truncate(rest, max)];
}

/** SVG text lines as <tspan>s, the full text as its <title> (shown on hover). */
function svgLabel(attrs: string, full: string, lines: readonly string[], lineHeight: number): string {
  const spans = lines.map((l, i) => `<tspan x="${attrs.match(/x="([^"]+)"/)?.[1] ?? '0'}"${i > 0 ? ` dy="${lineHeight}"` : ''}>${e(l)}</tspan>`).join('');
  return `<text ${attrs}><title>${e(full)}</title>${spans}</text>`;
}

// ---------------------------------------------------------------------------------------------------------------

export function renderReportHtml(summary: RegisterSummary, report: EvaluationReport, options: { readonly impact?: PolicyImpact } = {}): string {
  const title = 'Job planning compliance report';
  const body = [
    renderHeader(summary, report),
    '<main>',
    renderKpis(summary),
    ...(options.impact ? [renderImpactSection(options.impact)] : []),
    ...summary.tables.map((t, i) => renderCompliance(`coverage-${i + 1}`, t)),
    renderExpiring(summary),
    renderSpaDistribution(summary),
    renderPay(summary),
    renderGroupFindings(report),
    renderFindings(report),
    renderDiagnostics(report),
    '</main>',
    renderFooter(report),
  ].join('\n');
  return `${pageHead(`${title} — ${ukDate(summary.today)}`, report.engineVersion)}
<body>
${body}
</body>
</html>
`;
}

/** Self-contained: nothing is fetched and nothing runs; only the inline style element and style attributes apply. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 15px; line-height: 1.45; color: ${C.text}; background: ${C.white}; }
header.report { border-bottom: 4px solid ${C.blue}; padding-bottom: .75rem; margin-bottom: 1rem; }
h1 { color: ${C.blue}; font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { color: ${C.darkBlue}; font-size: 1.3rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid ${C.grey}; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
p { margin: .3rem 0 .6rem; }
.muted { color: ${C.secondary}; }
.small { font-size: .85rem; }
code, .mono { font-family: Consolas, "Courier New", monospace; font-size: .85em; }
.stamp { list-style: none; padding: 0; margin: .4rem 0 0; }
.stamp li { margin: .15rem 0; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .78rem; font-weight: bold; letter-spacing: .02em; vertical-align: baseline; border: 1px solid transparent; }
.badge-illustrative { background: ${C.yellow}; color: ${C.text}; }
.badge-ok { background: ${C.green}; color: ${C.white}; }
.badge-below { background: ${C.red}; color: ${C.white}; }
.sev { display: inline-block; min-width: 4.6rem; padding: 0 .35rem; border-radius: 3px; font-size: .8rem; font-weight: bold; text-align: center; }
.sev-error { background: ${C.red}; color: ${C.white}; }
.sev-warning { background: ${C.yellow}; color: ${C.text}; }
.sev-info { background: ${C.pale}; color: ${C.text}; border: 1px solid ${C.grey}; }
.sev-not-judged { background: ${C.white}; color: ${C.text}; border: 1px dashed ${C.grey}; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: .6rem; margin: .5rem 0; }
.tile { border: 1px solid ${C.grey}; border-top: 5px solid ${C.blue}; padding: .5rem .6rem; background: ${C.white}; break-inside: avoid; }
.tile.below { border-top-color: ${C.red}; }
.tile.meets { border-top-color: ${C.green}; }
.tile.warn { border-top-color: ${C.yellow}; }
.tile .label { font-size: .85rem; color: ${C.secondary}; margin: 0; }
.tile .value { font-size: 1.8rem; font-weight: bold; margin: .1rem 0; line-height: 1.15; }
.tile .note { font-size: .82rem; margin: 0; }
figure { margin: .5rem 0 1rem; break-inside: avoid; }
figcaption { font-size: .88rem; color: ${C.secondary}; margin-top: .2rem; }
svg { display: block; width: 100%; height: auto; max-width: 100%; font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .86rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid ${C.grey}; padding: .25rem .4rem; text-align: left; vertical-align: top; }
thead th { background: ${C.blue}; color: ${C.white}; }
tbody th { font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.below td, tr.below th { background: #FBE9E7; }
td.msg { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; font-size: .85rem; margin: .2rem 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -.1rem; margin-right: .3rem; border: 1px solid ${C.text}; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.empty { padding: .5rem .7rem; background: ${C.pale}; border-left: 4px solid ${C.green}; }
.empty.not-recorded { border-left-color: ${C.grey}; }
footer { margin-top: 2rem; border-top: 4px solid ${C.blue}; padding-top: .5rem; font-size: .82rem; color: ${C.secondary}; }
footer table { font-size: .8rem; }
footer td { overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .tiles { grid-template-columns: repeat(4, 1fr); }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .25rem; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: 40rem) { .tiles { grid-template-columns: repeat(2, 1fr); } }
`;

// ---------------------------------------------------------------------------------------------------------------
// Header, KPI tiles, footer

function renderHeader(summary: RegisterSummary, report: EvaluationReport): string {
  const policies = report.policies.length === 0
    ? '<li class="muted">No policy version was applied.</li>'
    : report.policies.map((p) => {
      const window = `in force from ${ukDate(p.effectiveFrom)}${p.effectiveTo ? ` to ${ukDate(p.effectiveTo)}` : ''}`;
      return `<li><strong>${e(`${p.id}@${p.version}`)}</strong> <span class="muted">(${e(p.status)}, ${e(window)})</span> `
        + `sha256 <code title="${e(p.sha256)}">${e(p.sha256.slice(0, 12))}</code>`
        + (p.illustrative ? ' <span class="badge badge-illustrative" title="An illustrative policy version, not a ratified Trust policy">ILLUSTRATIVE</span>' : '')
        + '</li>';
    }).join('');
  const asOf = report.asOf ? `Policy versions as of ${e(ukDate(report.asOf))}.` : 'Each plan judged by the policy version in force on its own date.';
  const targets = summary.coverage.map((c) => c.target
    ? `${e(c.policy.id)}: target ${e(targetText(c.target))} of plans ${e(c.measure)} <span class="muted small">(${e(c.target.param)}, ${e(clause(c.target.clause))})</span>.`
    : `${e(c.policy.id)} sets no target.`).join(' ');
  return `<header class="report">
<h1>Job planning compliance report</h1>
<p><strong>Reporting date: ${e(ukDate(summary.today))}</strong>. ${asOf}${targets ? ` ${targets}` : ''}</p>
<p class="small muted">Judged by:</p>
<ul class="stamp small">${policies}</ul>
</header>`;
}

function clause(text: string): string {
  return /^\d/.test(text) ? `§${text}` : text;
}

function tile(label: string, value: string, note: string, kind = '', kpi = ''): string {
  return `<div class="tile${kind ? ` ${kind}` : ''}"${kpi ? ` data-kpi="${e(kpi)}"` : ''}><p class="label">${label}</p><p class="value">${value}</p><p class="note">${note}</p></div>`;
}

function renderKpis(summary: RegisterSummary): string {
  const k = summary.kpis;
  const coverage = summary.coverage.map((c) => {
    const status = c.notJudgedPlans
      ? `<span class="badge">Not judged for ${e(plural(c.notJudgedPlans, 'plan'))}: values not read</span>`
      : c.meetsTarget === null ? '' : c.meetsTarget
        ? '<span class="badge badge-ok">✓ Meets target</span>'
        : '<span class="badge badge-below">✗ Below target</span>';
    const target = c.target ? `target ${e(targetText(c.target))}` : 'no target in the policy';
    return tile(`Plans ${e(c.measure)} <span class="small">(${e(c.policy.id)})</span>`, e(pct(c.share)), `${e(c.count)} of ${e(plural(c.plans, 'plan'))}; ${target}${status ? `<br>${status}` : ''}`,
      c.meetsTarget === null ? '' : c.meetsTarget ? 'meets' : 'below', `coverage:${c.policy.id}`);
  });
  const pay = k.payCompared === 0
    ? tile('PAs paid ≠ planned', '—', k.inHours > 0 ? 'not recorded for staff planned in hours' : 'no plan records PAs paid', '', 'pay')
    : tile('PAs paid ≠ planned', e(k.underpaid + k.overpaid), `<span data-kpi="underpaid">${e(k.underpaid)}</span> underpaid, <span data-kpi="overpaid">${e(k.overpaid)}</span> overpaid`, k.underpaid + k.overpaid > 0 ? 'warn' : '', 'pay');
  const tiles = [
    ...coverage,
    tile('Expiring in 30 days', e(k.expiring30), 'plans reaching their review date', k.expiring30 > 0 ? 'warn' : '', 'expiring30'),
    tile('Expiring in 31–60 days', e(k.expiring60), 'send reminders now', '', 'expiring60'),
    tile('Expiring in 61–90 days', e(k.expiring90), 'plan the meetings', '', 'expiring90'),
    tile('Never agreed', e(k.neverAgreed), `no date both parties signed${k.agreementNotRead > 0 ? `; sign-off not read for ${e(plural(k.agreementNotRead, 'plan'))}` : ''}`, k.neverAgreed > 0 ? 'warn' : '', 'neverAgreed'),
    tile('In dispute', e(k.disputed), 'disputed or at appeal', k.disputed > 0 ? 'warn' : '', 'disputed'),
    tile('Plans with errors', e(k.plansWithErrors), `<span data-kpi="errors">${e(k.findings.error)}</span> errors, <span data-kpi="warnings">${e(k.findings.warning)}</span> warnings, <span data-kpi="info">${e(k.findings.info)}</span> info${k.groupFindings > 0 ? `; <span data-kpi="groupFindings">${e(k.groupFindings)}</span> register findings` : ''}`, k.plansWithErrors > 0 ? 'below' : 'meets', 'plansWithErrors'),
    pay,
  ];
  return `<section aria-labelledby="h-kpis">
<h2 id="h-kpis">Key figures</h2>
<div class="tiles">${tiles.join('\n')}</div>
</section>`;
}

function renderFooter(report: EvaluationReport): string {
  const policies = report.policies.map((p) => `<tr><th scope="row">${e(`${p.id}@${p.version}`)}${p.illustrative ? ' (ILLUSTRATIVE)' : ''}</th><td>${e(p.status)}</td><td class="mono">${e(p.sha256)}</td><td>${e(p.path)}</td></tr>`).join('');
  const inputs = (report.inputs ?? []).map((i) => `<tr><th scope="row">${e(i.path)}</th><td class="mono">${e(i.sha256)}</td></tr>`).join('');
  return `<footer>
<h2 id="h-about">About this report</h2>
<p>Produced by jobplan ${e(report.engineVersion)} at ${e(ukTimestamp(report.evaluatedAt))}; reporting date ${e(ukDate(report.today))}${report.asOf ? `; policy versions as of ${e(ukDate(report.asOf))}` : ''}.
Each coverage figure, target and count is the policy's own: its group rules define what counts and the target, and a group is below target exactly when the rule found it so. This report contains personal data: store and share it as you would the job plans.</p>
${report.audit ? `<p class="audit" data-audit-seq="${report.audit.seq}" data-audit-head="${e(report.audit.head)}">Audit log: this run is entry ${report.audit.seq} of ${e(report.audit.log)}, head <span class="mono">${e(report.audit.head)}</span>. Keep this page: <code>jobplan audit verify ${e(report.audit.log)} --against report.html</code> checks that the log still holds this run.</p>` : ''}
${policies ? `<table><caption>Policy versions</caption><thead><tr><th scope="col">Policy</th><th scope="col">Status</th><th scope="col">sha256</th><th scope="col">File</th></tr></thead><tbody>${policies}</tbody></table>` : ''}
${inputs ? `<table><caption>Inputs</caption><thead><tr><th scope="col">File</th><th scope="col">sha256</th></tr></thead><tbody>${inputs}</tbody></table>` : ''}
</footer>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage: horizontal bars against a dashed target line

/** Geometry of the horizontal bar charts (SVG user units; the SVG scales to the page width). */
const BAR = { width: 700, label: 190, plot: 300, top: 34, row: 24, wrappedRow: 34, bar: 15, axis: 26, font: 12 } as const;
/** Characters a label line may hold: the label column less its gap, at 0.6 em a character. */
const BAR_LABEL_CHARS = Math.floor((BAR.label - 14) / (0.6 * BAR.font));

function groupWords(what: string): { one: string; many: string } {
  return { one: what, many: what.endsWith('y') && !/[aeiou]y$/.test(what) ? `${what.slice(0, -1)}ies` : `${what}s` };
}

function renderCompliance(id: string, t: ComplianceTable): string {
  const words = groupWords(t.groupBy);
  const heading = `Plans ${t.measure} by ${t.groupBy}`;
  const source = `<p class="small muted">${e(t.policy.id)}@${e(t.policy.version)}: ${t.ruleIds.map((r) => `<code>${e(r)}</code>`).join(', ')} (${e(clause(t.clause))}). ${e(t.title)}.</p>`;
  if (t.groups.length === 0) return `<section aria-labelledby="h-${id}"><h2 id="h-${id}">${e(heading)}</h2>${source}<p class="empty">No plans in any group.</p></section>`;
  const below = t.groups.filter((g) => g.meetsTarget === false);
  const labels = t.groups.map((g) => wrapLabel(g.name, BAR_LABEL_CHARS));
  const ys: number[] = [];
  let y0 = BAR.top;
  for (const l of labels) {
    ys.push(y0);
    y0 += l.length > 1 ? BAR.wrappedRow : BAR.row;
  }
  const height = y0 + BAR.axis;
  const x = (share: number): number => Math.max(0, Math.min(1, share)) * BAR.plot;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((s) => `<line x1="${n(x(s))}" x2="${n(x(s))}" y1="${BAR.top - 4}" y2="${height - BAR.axis}" stroke="${C.grey}" stroke-width="1"/>`
    + `<text class="tick" x="${n(x(s))}" y="${height - BAR.axis + 16}" text-anchor="middle" font-size="11" fill="${C.secondary}">${pct(s)}</text>`).join('');
  const rows = t.groups.map((g, i) => {
    const y = ys[i]!;
    const share = g.share ?? 0;
    const isBelow = g.meetsTarget === false;
    const value = `${pct(g.share)} (${g.count}/${g.plans})${isBelow ? ' ▼ below' : ''}`;
    return `<g class="row" data-name="${e(g.name)}" data-plans="${g.plans}" data-count="${g.count}" data-below="${isBelow}" data-rules="${e(g.firedRules.join(' '))}">`
      + svgLabel(`class="label" x="-8" y="${y + BAR.bar - 3}" text-anchor="end" font-size="${BAR.font}" fill="${C.text}"`, g.name, labels[i]!, BAR.font + 1)
      + `<rect class="bar ${isBelow ? 'below' : 'meets'}" x="0" y="${y}" width="${n(x(share))}" height="${BAR.bar}" fill="${isBelow ? C.red : C.blue}"><title>${e(g.name)}: ${e(value)}</title></rect>`
      + `<text class="value" x="${BAR.plot + 8}" y="${y + BAR.bar - 3}" font-size="11" fill="${isBelow ? C.red : C.text}"${isBelow ? ' font-weight="bold"' : ''}>${e(value)}</text>`
      + '</g>';
  }).join('');
  const target = t.target;
  const targetLine = target
    ? `<line class="target-line" x1="${n(x(target.share))}" x2="${n(x(target.share))}" y1="${BAR.top - 12}" y2="${height - BAR.axis + 2}" stroke="${C.text}" stroke-width="2" stroke-dasharray="6 4"/>`
      + `<text class="target-label" x="${n(x(target.share))}" y="${BAR.top - 16}" text-anchor="middle" font-size="11" font-weight="bold" fill="${C.text}">Target: ${e(targetText(target))}</text>`
    : '';
  const label = `${heading}: ${plural(t.groups.length, words.one, words.many)}${target ? `, ${below.length} below the target of ${targetText(target)}` : ''}.`;
  const svg = `<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${BAR.width} ${height}" width="${BAR.width}" height="${height}" data-plot-width="${BAR.plot}"${target ? ` data-target="${target.share}" data-comparison="${target.comparison}"` : ''}>
<title id="${id}-title">${e(heading)}</title>
<desc id="${id}-desc">${e(label)} ${e(below.map((g) => `${g.name} ${pct(g.share)}`).join('; '))}</desc>
<g class="plot" transform="translate(${BAR.label},0)">
${grid}
${rows}
${targetLine}
</g>
</svg>`;
  const table = `<table class="sr-only"><caption>${e(heading)}</caption><thead><tr><th scope="col">${e(t.groupBy)}</th><th scope="col" class="num">Plans</th><th scope="col" class="num">${e(t.measure)}</th><th scope="col" class="num">%</th>${target ? '<th scope="col">Against target</th>' : ''}</tr></thead><tbody>`
    + t.groups.map((g) => `<tr><th scope="row">${e(g.name)}</th><td class="num">${g.plans}</td><td class="num">${g.count}</td><td class="num">${pct(g.share)}</td>${target ? `<td>${againstTarget(g.meetsTarget, g.notJudged === true)}</td>` : ''}</tr>`).join('')
    + '</tbody></table>';
  const legend = target
    ? `<ul class="legend" aria-hidden="true"><li><span class="swatch" style="background:${C.blue}"></span>meets target</li><li><span class="swatch" style="background:${C.red}"></span>below target (▼)</li><li><span class="swatch" style="background:none;border:0;border-top:2px dashed ${C.text};height:0"></span>target: ${e(targetText(target))}</li></ul>`
    : '';
  const summaryLine = !target
    ? `<p>The policy sets no target for this measure.</p>`
    : below.length === 0
      ? `<p data-below-count="0">Every ${e(words.one)} meets the target of ${e(targetText(target))}.</p>`
      : `<p data-below-count="${below.length}"><strong>${e(plural(below.length, words.one, words.many))} below the target of ${e(targetText(target))}</strong> (worst first): ${below.slice(0, 12).map((g) => `${e(g.name)} ${e(pct(g.share))}`).join('; ')}${below.length > 12 ? `; and ${below.length - 12} more` : ''}.</p>`;
  return `<section class="coverage" aria-labelledby="h-${id}" data-policy="${e(t.policy.id)}" data-rules="${e(t.ruleIds.join(' '))}">
<h2 id="h-${id}">${e(heading)}</h2>
${source}
${summaryLine}
<figure>
${svg}
${legend}
<figcaption>Share of plans ${e(t.measure)} by ${e(t.groupBy)}, worst first${target ? `; the dashed line is the target (${e(targetText(target))})` : ''}. Hover a label for its full name.</figcaption>
${table}
</figure>
</section>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Expiring plans: counts and the reminders list

function renderExpiring(summary: RegisterSummary): string {
  const k = summary.kpis;
  const list = [...summary.expiring].sort((a, b) => a.daysLeft - b.daysLeft || a.ref.localeCompare(b.ref));
  const shown = list.slice(0, HTML_LIMITS.expiring);
  const tiles = `<div class="tiles">${[
    tile('Within 30 days', e(k.expiring30), 'expire within a month', k.expiring30 > 0 ? 'warn' : ''),
    tile('In 31–60 days', e(k.expiring60), '', ''),
    tile('In 61–90 days', e(k.expiring90), '', ''),
    tile('Total in 90 days', e(k.expiring30 + k.expiring60 + k.expiring90), 'reminders to send', ''),
  ].join('')}</div>`;
  const table = list.length === 0
    ? '<p class="empty">No plan reaches its review date in the next 90 days.</p>'
    : `<table><caption>Plans reaching their review date in the next 90 days, soonest first</caption><thead><tr><th scope="col">Plan</th><th scope="col">Practitioner</th><th scope="col">Specialty</th><th scope="col">Care group</th><th scope="col">Agreed</th><th scope="col">Expires</th><th scope="col" class="num">Days left</th><th scope="col">Window (days)</th></tr></thead><tbody>`
      + shown.map((x) => `<tr><th scope="row" class="nowrap">${e(x.ref)}</th><td>${e(x.practitioner)}</td><td>${e(x.specialty)}</td><td>${e(x.careGroup)}</td><td class="nowrap">${e(ukDate(x.agreed))}</td><td class="nowrap">${e(ukDate(x.expires))}</td><td class="num">${x.daysLeft}</td><td class="nowrap">${x.window === 30 ? '≤ 30' : x.window === 60 ? '31–60' : '61–90'}</td></tr>`).join('')
      + '</tbody></table>'
      + (list.length > shown.length ? `<p class="muted">${list.length - shown.length} more in the workbook report (Expiring sheet).</p>` : '');
  return `<section aria-labelledby="h-expiring">
<h2 id="h-expiring">Plans expiring in the next 30, 60 and 90 days</h2>
<p>A plan runs out on the anniversary of its last review (agreed, else its meeting). Send reminders to the service managers of these plans.</p>
${tiles}
${table}
</section>`;
}

// ---------------------------------------------------------------------------------------------------------------
// DCC:SPA distribution: histogram of SPA share bands

/** `top` leaves a band above the tallest bar's count for the 25% marker's label, so the two never meet. */
const HIST = { width: 700, left: 44, plot: 636, top: 40, height: 170, axis: 40, marker: 12 } as const;

function renderSpaDistribution(summary: RegisterSummary): string {
  const bands = summary.spaShareBands;
  const counted = bands.reduce((s, b) => s + b.plans, 0);
  if (counted === 0) {
    const why = summary.kpis.inHours > 0
      ? `DCC:SPA in PAs is not recorded for staff planned in hours (${e(plural(summary.kpis.inHours, 'plan'))}); NHS England's DCC ratio by professional group is in the register findings.`
      : 'No plan records its PAs, so there is no DCC:SPA split to show.';
    return `<section aria-labelledby="h-spa"><h2 id="h-spa">DCC:SPA distribution</h2><p class="empty not-recorded">${why}</p></section>`;
  }
  let last = 9; // always show 0–50%
  bands.forEach((b, i) => { if (b.plans > 0) last = Math.max(last, i); });
  const shown = bands.slice(0, last + 1);
  const max = Math.max(...shown.map((b) => b.plans));
  const bw = HIST.plot / shown.length;
  const totalH = HIST.top + HIST.height + HIST.axis;
  const y = (count: number): number => HIST.top + HIST.height - (count / max) * HIST.height;
  const bars = shown.map((b, i) => {
    const label = `${pct(b.from)}–${pct(b.to)}`;
    const x0 = i * bw;
    return `<g class="band">`
      + (b.plans > 0 ? `<rect x="${n(x0 + 2)}" y="${n(y(b.plans))}" width="${n(bw - 4)}" height="${n(HIST.top + HIST.height - y(b.plans))}" fill="${C.blue}"><title>SPA ${label}: ${plural(b.plans, 'plan')}</title></rect>`
        + `<text class="count" x="${n(x0 + bw / 2)}" y="${n(y(b.plans) - 4)}" text-anchor="middle" font-size="11" fill="${C.text}">${b.plans}</text>` : '')
      + '</g>';
  }).join('');
  const ticks = shown.map((b, i) => (i % 2 === 0 ? `<text x="${n(i * bw)}" y="${HIST.top + HIST.height + 15}" text-anchor="middle" font-size="11" fill="${C.secondary}">${pct(b.from)}</text>` : '')).join('')
    + `<text x="${n(shown.length * bw)}" y="${HIST.top + HIST.height + 15}" text-anchor="middle" font-size="11" fill="${C.secondary}">${pct(shown[shown.length - 1]!.to)}</text>`;
  const ref = 0.25 < shown.length * 0.05 ? `<line x1="${n((0.25 / 0.05) * bw)}" x2="${n((0.25 / 0.05) * bw)}" y1="${HIST.marker + 3}" y2="${HIST.top + HIST.height}" stroke="${C.secondary}" stroke-width="1" stroke-dasharray="3 3"/><text class="marker" x="${n((0.25 / 0.05) * bw + 4)}" y="${HIST.marker}" font-size="10" fill="${C.secondary}">7.5 : 2.5 (25% SPA)</text>` : '';
  const svg = `<svg role="img" aria-labelledby="spa-title spa-desc" viewBox="0 0 ${HIST.width} ${totalH}" width="${HIST.width}" height="${totalH}">
<title id="spa-title">DCC:SPA distribution</title>
<desc id="spa-desc">Number of plans by SPA share of total PAs, in 5% bands: ${e(shown.filter((b) => b.plans > 0).map((b) => `${pct(b.from)}–${pct(b.to)}: ${b.plans}`).join('; '))}.</desc>
<g transform="translate(${HIST.left},0)">
<line x1="0" x2="${HIST.plot}" y1="${HIST.top + HIST.height}" y2="${HIST.top + HIST.height}" stroke="${C.text}"/>
${bars}
${ticks}
${ref}
<text x="${HIST.plot / 2}" y="${totalH - 4}" text-anchor="middle" font-size="12" fill="${C.text}">SPA share of total PAs</text>
</g>
<text transform="translate(14,${HIST.top + HIST.height / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="${C.text}">Plans</text>
</svg>`;
  const table = `<table class="sr-only"><caption>Plans by SPA share</caption><thead><tr><th scope="col">SPA share</th><th scope="col" class="num">Plans</th></tr></thead><tbody>`
    + shown.map((b) => `<tr><th scope="row">${pct(b.from)}–${pct(b.to)}</th><td class="num">${b.plans}</td></tr>`).join('') + '</tbody></table>';
  return `<section aria-labelledby="h-spa">
<h2 id="h-spa">DCC:SPA distribution</h2>
<p>${e(plural(counted, 'plan'))} of ${e(summary.kpis.plans)} record their PAs. A plan of 7.5 DCC and 2.5 SPA has a 25% SPA share; 7 DCC and 3 SPA, 30%.</p>
<figure>
${svg}
<figcaption>Plans by the share of their PAs that are SPA, in bands of 5 percentage points (a plan on a boundary counts in the band above it).</figcaption>
${table}
</figure>
</section>`;
}

// ---------------------------------------------------------------------------------------------------------------
// PAs paid against planned: diverging bars

const DIV = { width: 700, label: 210, plot: 330, top: 26, row: 20, wrappedRow: 30, bar: 13, axis: 8 } as const;
const DIV_LABEL_CHARS = Math.floor((DIV.label - 14) / (0.6 * 11));

function renderPay(summary: RegisterSummary): string {
  const lines = summary.pay;
  const k = summary.kpis;
  if (k.payCompared === 0) {
    const why = k.inHours > 0 ? `PAs paid are not recorded for staff planned in hours (${e(plural(k.inHours, 'plan'))}).` : 'No plan records PAs paid.';
    return `<section aria-labelledby="h-pay"><h2 id="h-pay">PAs paid against PAs planned</h2><p class="empty not-recorded">${why}</p></section>`;
  }
  if (lines.length === 0) {
    return `<section aria-labelledby="h-pay"><h2 id="h-pay">PAs paid against PAs planned</h2><p class="empty">Each of the ${e(plural(k.payCompared, 'plan'))} recording PAs paid is paid the PAs it plans (${e(payBasisText(summary))}).</p></section>`;
  }
  const charted = [...lines].sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.ref.localeCompare(b.ref)).slice(0, HTML_LIMITS.payChart)
    .sort((a, b) => a.difference - b.difference || a.ref.localeCompare(b.ref));
  const maxAbs = Math.max(...charted.map((p) => Math.abs(p.difference)), 0.01);
  const half = DIV.plot / 2;
  // "ref · name" on one line when it fits, else the ref above the name.
  const labels = charted.map((p) => {
    const who = p.practitioner ? `${p.ref} · ${p.practitioner}` : p.ref;
    return who.length <= DIV_LABEL_CHARS ? [who] : [truncate(p.ref, DIV_LABEL_CHARS), ...(p.practitioner ? [truncate(p.practitioner, DIV_LABEL_CHARS)] : [])];
  });
  const ys: number[] = [];
  let y0 = DIV.top;
  for (const l of labels) {
    ys.push(y0);
    y0 += l.length > 1 ? DIV.wrappedRow : DIV.row;
  }
  const height = y0 + DIV.axis;
  const rows = charted.map((p, i) => {
    const y = ys[i]!;
    const w = (Math.abs(p.difference) / maxAbs) * half;
    const under = p.difference < 0;
    const who = p.practitioner ? `${p.ref} · ${p.practitioner}` : p.ref;
    const value = `${pas(p.difference, true)} PA ${under ? 'underpaid' : 'overpaid'}`;
    return `<g class="row ${under ? 'underpaid' : 'overpaid'}">`
      + svgLabel(`class="label" x="-8" y="${y + DIV.bar - 2}" text-anchor="end" font-size="11" fill="${C.text}"`, who, labels[i]!, 12)
      + `<rect x="${n(under ? half - w : half)}" y="${y}" width="${n(w)}" height="${DIV.bar}" fill="${under ? C.yellow : C.darkBlue}" stroke="${under ? '#8A6100' : C.darkBlue}" stroke-width="0.5"><title>${e(who)}: planned ${pas(p.planned)}, paid ${pas(p.paid)} (${e(value)})</title></rect>`
      + `<text class="value" x="${DIV.plot + 8}" y="${y + DIV.bar - 2}" font-size="11" fill="${C.text}">${e(value)}</text>`
      + '</g>';
  }).join('');
  const svg = `<svg role="img" aria-labelledby="pay-title pay-desc" viewBox="0 0 ${DIV.width} ${height}" width="${DIV.width}" height="${height}">
<title id="pay-title">PAs paid against PAs planned</title>
<desc id="pay-desc">${e(`${k.underpaid} plans underpaid and ${k.overpaid} overpaid. `)}${e(charted.map((p) => `${p.ref}: ${pas(p.difference, true)}`).join('; '))}</desc>
<g transform="translate(${DIV.label},0)">
<text x="${n(half - 6)}" y="14" text-anchor="end" font-size="11" font-weight="bold" fill="${C.text}">← underpaid</text>
<text x="${n(half + 6)}" y="14" font-size="11" font-weight="bold" fill="${C.text}">overpaid →</text>
${rows}
<line x1="${n(half)}" x2="${n(half)}" y1="${DIV.top - 6}" y2="${height - DIV.axis + 2}" stroke="${C.text}" stroke-width="1.5"/>
</g>
</svg>`;
  const shown = lines.slice(0, HTML_LIMITS.payTable);
  const table = `<table><caption>Plans whose PAs paid differ from PAs planned (most underpaid first)</caption><thead><tr><th scope="col">Plan</th><th scope="col">Practitioner</th><th scope="col" class="num">PAs planned</th><th scope="col" class="num">PAs paid</th><th scope="col" class="num">Difference</th><th scope="col">Under / over</th></tr></thead><tbody>`
    + shown.map((p) => `<tr><th scope="row" class="nowrap">${e(p.ref)}</th><td>${e(p.practitioner)}</td><td class="num">${pas(p.planned)}</td><td class="num">${pas(p.paid)}</td><td class="num">${pas(p.difference, true)}</td><td>${p.difference < 0 ? 'underpaid' : 'overpaid'}</td></tr>`).join('')
    + '</tbody></table>' + (lines.length > shown.length ? `<p class="muted">${lines.length - shown.length} more in the workbook report (Pay sheet).</p>` : '');
  return `<section aria-labelledby="h-pay">
<h2 id="h-pay">PAs paid against PAs planned</h2>
<p data-underpaid="${k.underpaid}" data-overpaid="${k.overpaid}"><strong>${e(plural(k.underpaid, 'plan'))} underpaid</strong> and <strong>${e(plural(k.overpaid, 'plan'))} overpaid</strong> of ${e(plural(k.payCompared, 'plan'))} recording PAs paid: PAs paid (payroll) against the PAs the plan schedules (${e(payBasisText(summary))}). Quantify, report and escalate each.</p>
<figure>
${svg}
<ul class="legend" aria-hidden="true"><li><span class="swatch" style="background:${C.yellow}"></span>underpaid (left, −)</li><li><span class="swatch" style="background:${C.darkBlue}"></span>overpaid (right, +)</li></ul>
<figcaption>PAs paid minus PAs planned, per plan${lines.length > charted.length ? ` (the ${charted.length} largest differences of ${lines.length})` : ''}.</figcaption>
</figure>
${table}
</section>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Findings

/** A finding's severity, or 'not-judged' for a rule that could not be judged (shown apart, after the rest). */
function judgement(f: Finding): string {
  return f.notJudged ? 'not-judged' : f.severity;
}

function severityBadge(severity: string): string {
  const label = severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : severity === 'info' ? 'Info' : severity === 'not-judged' ? 'Not judged' : severity;
  return `<span class="sev sev-${e(severity)}">${e(label)}</span>`;
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2, 'not-judged': 3 };

/** "JP-2026-014 (Patel, Raj)", or the ref alone when no name is recorded. */
export function withName(ref: string, name: string | null | undefined): string {
  return name && name !== ref ? `${ref} (${name})` : ref;
}

function renderGroupFindings(report: EvaluationReport): string {
  const names = new Map(report.plans.map((p) => [p.ref, p.practitioner]));
  if (report.groups.length === 0) {
    return `<section aria-labelledby="h-groups"><h2 id="h-groups">Register findings (group rules)</h2><p class="empty">No group rule found a problem with the register taken as a whole.</p></section>`;
  }
  const rows = [...report.groups]
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3))
    .map((g) => {
      // "Surname, Forename" names hold commas: plans are separated by semicolons.
      const offenders = g.offenders.slice(0, HTML_LIMITS.offenders).map((o) => withName(o.ref, names.get(o.ref))).join('; ') + (g.offenders.length > HTML_LIMITS.offenders ? ` and ${g.offenders.length - HTML_LIMITS.offenders} more` : '');
      return `<tr><td>${severityBadge(g.severity)}</td><td><code>${e(g.ruleId)}</code><br><span class="muted small">${e(clause(g.clause))}</span></td><th scope="row">${e(g.group.label)}<br><span class="muted small">${e(plural(g.group.plans, 'plan'))}</span></th><td class="msg">${e(g.message)}</td><td class="msg">${e(offenders)}</td></tr>`;
    }).join('');
  return `<section aria-labelledby="h-groups">
<h2 id="h-groups">Register findings (group rules)</h2>
<p>Rules that judge groups of plans (by care group, specialty ...) rather than one plan.</p>
<table><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Group</th><th scope="col">Finding</th><th scope="col">Plans named</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function renderFindings(report: EvaluationReport): string {
  const all: Finding[] = report.plans.flatMap((p) => p.findings);
  if (all.length === 0) {
    return `<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2><p class="empty">No rule found a problem with any plan.</p></section>`;
  }
  // A rule that could not be judged is its own row, marked so, never counted with the plans it found wanting.
  const byRule = new Map<string, { id: string; title: string; severity: string; clause: string; findings: number; plans: Set<string> }>();
  for (const f of all) {
    const key = `${f.ruleId}${f.notJudged ? ' (not judged)' : ''}`;
    const r = byRule.get(key) ?? { id: f.ruleId, title: f.title, severity: judgement(f), clause: f.clause, findings: 0, plans: new Set<string>() };
    r.findings += 1;
    r.plans.add(f.planRef);
    byRule.set(key, r);
  }
  const rules = [...byRule.values()].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || b.findings - a.findings || a.id.localeCompare(b.id));
  const counts = `<table><caption class="sr-only">Findings by rule</caption><thead><tr><th scope="col">Rule</th><th scope="col">What it checks</th><th scope="col">Severity</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Plans</th></tr></thead><tbody>`
    + rules.map((r) => `<tr><th scope="row"><code>${e(r.id)}</code> <span class="muted small">${e(clause(r.clause))}</span></th><td>${e(r.title)}</td><td>${severityBadge(r.severity)}</td><td class="num">${r.findings}</td><td class="num">${r.plans.size}</td></tr>`).join('')
    + '</tbody></table>';
  const sorted = all.map((f, i) => ({ f, i })).sort((a, b) => (SEVERITY_ORDER[judgement(a.f)] ?? 3) - (SEVERITY_ORDER[judgement(b.f)] ?? 3) || a.i - b.i).map((x) => x.f);
  const shown = sorted.slice(0, HTML_LIMITS.findings);
  const names = new Map(report.plans.map((p) => [p.ref, p.practitioner]));
  const list = `<table><caption class="sr-only">Findings, errors first</caption><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Plan</th><th scope="col">Practitioner</th><th scope="col">Message</th></tr></thead><tbody>`
    + shown.map((f) => `<tr><td>${severityBadge(judgement(f))}</td><td><code>${e(f.ruleId)}</code></td><th scope="row" class="nowrap">${e(f.planRef)}</th><td>${e(names.get(f.planRef))}</td><td class="msg">${e(f.message)}</td></tr>`).join('')
    + '</tbody></table>' + (sorted.length > shown.length ? `<p class="muted">${sorted.length - shown.length} more findings in the workbook report (Findings sheet).</p>` : '');
  const s = report.summary.findings;
  return `<section aria-labelledby="h-findings">
<h2 id="h-findings">Findings</h2>
<p>${e(plural(all.length, 'finding'))} on ${e(plural(new Set(all.map((f) => f.planRef)).size, 'plan'))}: ${s.error} errors, ${s.warning} warnings, ${s.info} info.</p>
<h3 id="h-findings-rules">By rule</h3>
${counts}
<h3 id="h-findings-list">Each finding, errors first</h3>
${list}
</section>`;
}

function renderDiagnostics(report: EvaluationReport): string {
  const all = [
    ...report.diagnostics.map((d) => ({ where: '', d })),
    ...report.plans.flatMap((p) => p.diagnostics.map((d) => ({ where: p.ref, d }))),
  ];
  if (all.length === 0) return '';
  const shown = all.slice(0, HTML_LIMITS.diagnostics);
  return `<section aria-labelledby="h-diagnostics">
<h2 id="h-diagnostics">Input problems</h2>
<p>Values jobplan could not read; the rest of each plan was still checked.</p>
<table><thead><tr><th scope="col">Severity</th><th scope="col">Plan</th><th scope="col">Problem</th></tr></thead><tbody>`
    + shown.map(({ where, d }) => `<tr><td>${severityBadge(d.severity)}</td><th scope="row">${e(where)}</th><td class="msg">${e(formatDiagnostic(d))}</td></tr>`).join('')
    + `</tbody></table>${all.length > shown.length ? `<p class="muted">${all.length - shown.length} more.</p>` : ''}
</section>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Impact of an amendment: "What this amendment would change"

/** Plans listed in the impact section before the rest are left to the JSON (`jobplan policy impact --format json`). */
export const IMPACT_HTML_LIMITS = { plans: 1000, specialties: 40 } as const;

const IMPACT_KIND_LABEL: Readonly<Record<ImpactKind, string>> = {
  appears: 'Finding appears', goes: 'Finding goes', severity: 'Severity changes', 'now-judged': 'Now judged', 'no-longer-judged': 'No longer judged',
};

const IMPACT_COLOURS = { fewer: C.green, more: C.red, other: C.grey } as const;
const IMPACT_DIRECTION_WORDS = { fewer: 'fewer or milder findings', more: 'more or sterner findings', other: 'both ways, or judged ↔ not judged' } as const;

function impactOutcome(o: ImpactOutcome | null): string {
  if (!o) return '<span class="muted">no finding</span>';
  return severityBadge(o.notJudged ? 'not-judged' : o.severity);
}

const IMPACT_KIND_COUNT: Readonly<Record<ImpactKind, readonly [string, string]>> = {
  appears: ['finding appears', 'findings appear'], goes: ['finding goes', 'findings go'], severity: ['severity changes', 'severities change'],
  'now-judged': ['now judged', 'now judged'], 'no-longer-judged': ['no longer judged', 'no longer judged'],
};

function impactCounts(c: KindCounts): string {
  const parts = IMPACT_KINDS.filter((k) => c[k] > 0).map((k) => `${c[k]} ${IMPACT_KIND_COUNT[k][c[k] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

/** Bars of plans that change per specialty (red: findings appear or get worse; blue: the rest), with counts. */
function impactChart(impact: PolicyImpact): string {
  const groups = impact.bySpecialty.filter((g) => g.changed > 0).slice(0, IMPACT_HTML_LIMITS.specialties);
  if (groups.length === 0) return '';
  const max = Math.max(...groups.map((g) => g.changed), 1);
  const labels = groups.map((g) => wrapLabel(g.name, BAR_LABEL_CHARS));
  const ys: number[] = [];
  let y0 = BAR.top - 14;
  for (const l of labels) {
    ys.push(y0);
    y0 += l.length > 1 ? BAR.wrappedRow : BAR.row;
  }
  const height = y0 + 8;
  const rows = groups.map((g, i) => {
    const y = ys[i]!;
    const w = (g.changed / max) * BAR.plot;
    const value = `${g.changed} of ${plural(g.plans, 'plan')}`;
    // Stacked: fewer or milder findings (green), more or sterner (red), other (grey), in proportion to the plans.
    let x0 = 0;
    const segments = (['fewer', 'more', 'other'] as const).filter((d) => g[d] > 0).map((d) => {
      const width = (g[d] / max) * BAR.plot;
      const rect = `<rect class="bar ${d}" x="${n(x0)}" y="${y}" width="${n(Math.max(width, 2))}" height="${BAR.bar}" fill="${IMPACT_COLOURS[d]}"><title>${e(g.name)}: ${e(plural(g[d], 'plan'))} ${e(IMPACT_DIRECTION_WORDS[d])}</title></rect>`;
      x0 += Math.max(width, 2);
      return rect;
    }).join('');
    return `<g class="row" data-name="${e(g.name)}" data-changed="${g.changed}" data-plans="${g.plans}" data-fewer="${g.fewer}" data-more="${g.more}" data-other="${g.other}">`
      + `<title>${e(g.name)}: ${e(value)} change (${e(impactCounts(g.counts))})</title>`
      + svgLabel(`class="label" x="-8" y="${y + BAR.bar - 3}" text-anchor="end" font-size="${BAR.font}" fill="${C.text}"`, g.name, labels[i]!, BAR.font + 1)
      + segments
      + `<text class="value" x="${n(Math.max(w, x0) + 6)}" y="${y + BAR.bar - 3}" font-size="11" fill="${C.text}">${e(value)}</text>`
      + '</g>';
  }).join('');
  const more = impact.bySpecialty.filter((g) => g.changed > 0).length - groups.length;
  return `<figure>
<svg role="img" aria-labelledby="impact-chart-title impact-chart-desc" viewBox="0 0 ${BAR.width} ${height}" width="${BAR.width}" height="${height}" data-plot-width="${BAR.plot}">
<title id="impact-chart-title">Plans whose outcome changes, by specialty</title>
<desc id="impact-chart-desc">${e(groups.map((g) => `${g.name}: ${g.changed} of ${g.plans}`).join('; '))}</desc>
<g class="plot" transform="translate(${BAR.label},0)">
${rows}
</g>
</svg>
<ul class="legend" aria-hidden="true"><li><span class="swatch" style="background:${IMPACT_COLOURS.fewer}"></span>${IMPACT_DIRECTION_WORDS.fewer}</li><li><span class="swatch" style="background:${IMPACT_COLOURS.more}"></span>${IMPACT_DIRECTION_WORDS.more}</li><li><span class="swatch" style="background:${IMPACT_COLOURS.other}"></span>${IMPACT_DIRECTION_WORDS.other}</li></ul>
<figcaption>Plans whose outcome changes, by specialty (of the plans judged in each)${more > 0 ? `; ${more} more specialties in the table` : ''}.</figcaption>
</figure>`;
}

function impactGroupTable(caption: string, what: string, groups: readonly GroupCount[]): string {
  const shown = groups.filter((g) => g.changed > 0 || g.wording > 0);
  if (shown.length === 0) return '';
  return `<table class="impact-groups"><caption>${e(caption)}</caption><thead><tr><th scope="col">${e(what)}</th><th scope="col" class="num">Plans judged</th><th scope="col" class="num">Outcome changes</th><th scope="col">What changes</th><th scope="col" class="num">Wording only</th></tr></thead><tbody>`
    + shown.map((g) => `<tr><th scope="row">${e(g.name)}</th><td class="num">${g.plans}</td><td class="num">${g.changed}</td><td>${e(impactCounts(g.counts))}</td><td class="num">${g.wording}</td></tr>`).join('')
    + '</tbody></table>';
}

/** A plan read from several files is listed once: the other files holding it, under its name. */
function alsoIn(p: PlanImpact): string {
  return p.alsoIn && p.alsoIn.length > 0 ? `<br><span class="muted small also-in">also in ${e(p.alsoIn.join(', '))}</span>` : '';
}

/** The section "What this amendment would change": counts, a chart by specialty, by rule with causes, the plans listed. */
export function renderImpactSection(impact: PolicyImpact): string {
  const { from, to, plans } = impact;
  const versions = `${from.id}@${from.version} → ${to.id}@${to.version}`;
  const badge = from.illustrative || to.illustrative ? ' <span class="badge badge-illustrative" title="An illustrative policy version, not a ratified Trust policy">ILLUSTRATIVE</span>' : '';
  const tiles = [
    tile('Plans whose outcome changes', e(plans.changed), `of ${e(plural(plans.judged, 'plan'))} judged: <span data-kpi="impact-fewer">${e(plans.fewer)}</span> fewer or milder findings, <span data-kpi="impact-more">${e(plans.more)}</span> more or sterner${plans.other > 0 ? `, <span data-kpi="impact-other">${e(plans.other)}</span> other` : ''}`, plans.changed > 0 ? 'warn' : 'meets', 'impact-changed'),
    tile('Findings that appear', e(impact.counts.appears), `${e(impact.counts.severity)} change severity`, impact.counts.appears > 0 ? 'below' : '', 'impact-appears'),
    tile('Findings that go', e(impact.counts.goes), `${e(impact.counts['now-judged'])} now judged, ${e(impact.counts['no-longer-judged'])} no longer judged`, '', 'impact-goes'),
    tile('Wording only', e(plans.wordingOnly), `plans; ${e(plural(impact.wording, 'finding'))} reworded, the outcome the same`, '', 'impact-wording'),
  ];
  const notes = impact.notes.map((x) => `<li>${e(x)}</li>`).join('') + (plans.outOfScope > 0 ? `<li>${e(plural(plans.outOfScope, 'plan'))} outside both versions' applies_to, not judged.</li>` : '');
  const byRule = impact.byRule.length === 0 ? '' : `<h3 id="h-impact-rules">By rule</h3>
<table class="impact-rules"><thead><tr><th scope="col">Rule</th><th scope="col" class="num">Plans</th><th scope="col">What changes</th><th scope="col" class="num">Wording only</th><th scope="col">Because (what changed in the policy)</th></tr></thead><tbody>`
    + impact.byRule.map((r) => `<tr data-rule="${e(r.ruleId)}"><th scope="row"><code>${e(r.ruleId)}</code><br><span class="small">${e(r.title)}</span></th><td class="num">${r.plans}</td><td>${e(impactCounts(r.counts))}</td><td class="num">${r.wording}</td><td class="msg">${e(r.causes.map((c) => c.text).join('; '))}</td></tr>`).join('')
    + '</tbody></table>';
  const shown = impact.changedPlans.slice(0, IMPACT_HTML_LIMITS.plans);
  const planRows = shown.flatMap((p) => p.changes.map((c, i) => `<tr data-plan="${e(p.ref)}" data-kind="${e(c.kind)}">${i === 0 ? `<th scope="row" rowspan="${p.changes.length}" class="nowrap">${e(withName(p.ref, p.practitioner))}<br><span class="muted small">${e([p.specialty, p.careGroup].filter((x) => x !== null).join(' · '))}</span>${alsoIn(p)}</th>` : ''}<td><code>${e(c.ruleId)}</code></td><td>${e(IMPACT_KIND_LABEL[c.kind])}</td><td>${impactOutcome(c.from)}</td><td>${impactOutcome(c.to)}</td><td class="msg">${e((c.to ?? c.from)!.message)}</td></tr>`)).join('');
  const list = shown.length === 0 ? '<p class="empty">No plan\'s outcome changes.</p>'
    : `<table class="impact-plans"><thead><tr><th scope="col">Plan</th><th scope="col">Rule</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Message</th></tr></thead><tbody>${planRows}</tbody></table>`
      + (impact.changedPlans.length > shown.length ? `<p class="muted">${impact.changedPlans.length - shown.length} more plans in the JSON (jobplan policy impact --format json).</p>` : '');
  const wordingShown = impact.wordingPlans.slice(0, IMPACT_HTML_LIMITS.plans);
  const wording = impact.wordingPlans.length === 0 ? '' : `<h3 id="h-impact-wording">Wording only (the same outcome, a different message)</h3>
<table class="impact-wording"><thead><tr><th scope="col">Plan</th><th scope="col">Rule</th><th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>`
    + wordingShown.flatMap((p) => p.wording.map((w) => `<tr data-plan="${e(p.ref)}"><th scope="row" class="nowrap">${e(withName(p.ref, p.practitioner))}${alsoIn(p)}</th><td><code>${e(w.ruleId)}</code></td><td class="msg">${e(w.from)}</td><td class="msg">${e(w.to)}</td></tr>`)).join('')
    + '</tbody></table>' + (impact.wordingPlans.length > wordingShown.length ? `<p class="muted">${impact.wordingPlans.length - wordingShown.length} more in the JSON.</p>` : '');
  const groups = impact.groups.length === 0 ? '' : `<h3 id="h-impact-groups">Register findings that change (group rules)</h3>
<table><thead><tr><th scope="col">Rule</th><th scope="col">Group</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Message</th></tr></thead><tbody>`
    + impact.groups.map((g) => `<tr><td><code>${e(g.ruleId)}</code></td><th scope="row">${e(g.group)}</th><td>${e(IMPACT_KIND_LABEL[g.kind])}</td><td>${impactOutcome(g.from)}</td><td>${impactOutcome(g.to)}</td><td class="msg">${e((g.to ?? g.from)!.message)}</td></tr>`).join('')
    + '</tbody></table>';
  return `<section class="impact" aria-labelledby="h-impact" data-from="${e(`${from.id}@${from.version}`)}" data-to="${e(`${to.id}@${to.version}`)}" data-changed="${plans.changed}" data-wording-only="${plans.wordingOnly}">
<h2 id="h-impact">What this amendment would change</h2>
<p><strong>${e(versions)}</strong>${badge} <span class="muted small">(${e(from.status)}, effective ${e(ukDate(from.effectiveFrom))} → ${e(to.status)}, effective ${e(ukDate(to.effectiveFrom))}; overdue checks count to ${e(ukDate(impact.today))})</span></p>
<ul class="small">${notes}</ul>
<div class="tiles">${tiles.join('\n')}</div>
${impactChart(impact)}
${byRule}
${impactGroupTable('By specialty', 'Specialty', impact.bySpecialty)}
${impactGroupTable('By care group', 'Care group', impact.byCareGroup)}
<h3 id="h-impact-plans">Plans whose outcome changes</h3>
${list}
${wording}
${groups}
</section>`;
}

/** The head of every page jobplan writes: its Content-Security-Policy (no script at all), the styles, the title. */
function pageHead(title: string, engineVersion: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="jobplan ${e(engineVersion)}">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>`;
}

/** A page of its own holding the impact section (`jobplan policy impact --out page.html`): the report's style and CSP. */
export function renderImpactHtml(impact: PolicyImpact, stamp: { readonly engineVersion: string; readonly evaluatedAt: string; readonly inputs?: readonly { readonly path: string; readonly sha256: string }[] }): string {
  const versions = [impact.from, impact.to].map((p) => `<tr><th scope="row">${e(`${p.id}@${p.version}`)}${p.illustrative ? ' (ILLUSTRATIVE)' : ''}</th><td>${e(p.status)}</td><td class="mono">${e(p.sha256)}</td><td>${e(p.path)}</td></tr>`).join('');
  const inputs = (stamp.inputs ?? []).map((i) => `<tr><th scope="row">${e(i.path)}</th><td class="mono">${e(i.sha256)}</td></tr>`).join('');
  const problems = impact.diagnostics.filter((d) => d.severity !== 'info');
  return `${pageHead(`What this amendment would change — ${impact.from.id}@${impact.from.version} → ${impact.to.version}`, stamp.engineVersion)}
<body>
<header class="report"><h1>Impact of a policy amendment</h1><p>The same plans judged under both versions, before the amendment is ratified.</p></header>
<main>
${renderImpactSection(impact)}
${problems.length === 0 ? '' : `<section aria-labelledby="h-diagnostics"><h2 id="h-diagnostics">Input problems</h2><table><tbody>${problems.slice(0, HTML_LIMITS.diagnostics).map((d) => `<tr><td>${severityBadge(d.severity)}</td><td class="msg">${e(formatDiagnostic(d))}</td></tr>`).join('')}</tbody></table></section>`}
</main>
<footer>
<h2 id="h-about">About this page</h2>
<p>Produced by jobplan ${e(stamp.engineVersion)} at ${e(ukTimestamp(stamp.evaluatedAt))}. This page contains personal data: store and share it as you would the job plans.</p>
<table><caption>Policy versions</caption><thead><tr><th scope="col">Policy</th><th scope="col">Status</th><th scope="col">sha256</th><th scope="col">File</th></tr></thead><tbody>${versions}</tbody></table>
${inputs ? `<table><caption>Inputs</caption><thead><tr><th scope="col">File</th><th scope="col">sha256</th></tr></thead><tbody>${inputs}</tbody></table>` : ''}
</footer>
</body>
</html>
`;
}
