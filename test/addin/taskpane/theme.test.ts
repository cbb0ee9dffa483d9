/**
 * The pane follows Office's theme: the colours of Office.context.officeTheme become the pane's CSS variables, a dark
 * theme switches data-theme to dark, and every colour pair the pane draws text with (text on its ground, in both the
 * light and the dark set of taskpane.css) is readable: at least WCAG's 4.5:1. Before, taskpane.css had one light set
 * of fixed colours and the pane ignored Office's theme.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrast, hexColour, luminance, PANE_TEXT_COLOURS, paneTheme } from '../../../src-addin/taskpane/theme.js';

const css = readFileSync(fileURLToPath(new URL('../../../src-addin/taskpane/taskpane.css', import.meta.url)), 'utf8');

/** The custom properties declared in the CSS block whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`taskpane.css has no ${selector} block`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** Text colour on ground colour, as the pane draws them. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['--text', '--bg'], ['--text', '--card'], ['--muted', '--bg'], ['--muted', '--card'], ['--muted', '--subtle-bg'], ['--text', '--subtle-bg'],
  ['--error', '--error-bg'], ['--error', '--card'], ['--warning', '--warning-bg'], ['--warning', '--card'], ['--info', '--info-bg'], ['--info', '--card'],
  ['--info-text', '--info-bg'], ['--ok-text', '--ok-bg'], ['--ok-text', '--card'], ['--on-brand', '--brand'],
];

describe('the pane\'s colours', () => {
  const light = variables(':root');
  const dark = { ...light, ...variables(":root[data-theme='dark']") };

  it.each([['light', light], ['dark', dark]] as const)('every text colour of the %s set is readable on its ground (4.5:1 or more)', (_name, set) => {
    for (const [fg, bg] of PAIRS) {
      const [a, b] = [hexColour(set[fg]), hexColour(set[bg])];
      expect(a, fg).not.toBeNull();
      expect(b, bg).not.toBeNull();
      expect(contrast(a!, b!), `${fg} ${set[fg]} on ${bg} ${set[bg]}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('theme.ts knows the text colours of each set (it keeps Office grounds they would not be readable on)', () => {
    const names = ['--text', '--muted', '--error', '--warning', '--info', '--ok-text'];
    expect(PANE_TEXT_COLOURS.light).toEqual(names.map((n) => hexColour(light[n])));
    expect(PANE_TEXT_COLOURS.dark).toEqual(names.map((n) => hexColour(dark[n])));
  });

  it('the dark set is dark', () => {
    expect(luminance(hexColour(dark['--bg'])!)).toBeLessThan(0.05);
    expect(luminance(hexColour(dark['--text'])!)).toBeGreaterThan(0.8);
  });
});

describe('Office\'s theme', () => {
  // Office's Black theme as Excel on Windows reports it (body #262626 on the task pane, white text).
  const black = { bodyBackgroundColor: '#262626', bodyForegroundColor: '#FFFFFF', controlBackgroundColor: '#363636', controlForegroundColor: '#F0F0F0', isDarkTheme: true };

  it('a dark Office theme makes the pane dark, with Office\'s own colours', () => {
    expect(paneTheme(black)).toEqual({ mode: 'dark', source: 'office', variables: { '--bg': '#262626', '--text': '#ffffff', '--card': '#363636', '--control-text': '#f0f0f0' } });
  });

  it('a light one keeps it light; without isDarkTheme (older hosts) the background decides', () => {
    expect(paneTheme({ bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#000000', controlBackgroundColor: '#FFFFFF', controlForegroundColor: '#000000', isDarkTheme: false }).mode).toBe('light');
    expect(paneTheme({ bodyBackgroundColor: '#262626', bodyForegroundColor: '#ffffff' }).mode).toBe('dark');
    expect(paneTheme({ bodyBackgroundColor: '#e6e6e6', bodyForegroundColor: '#262626' }).mode).toBe('light');
  });

  it('outside Office (no theme) the browser\'s preference is followed', () => {
    expect(paneTheme(null)).toEqual({ mode: 'light', variables: {}, source: 'browser' });
    expect(paneTheme(undefined, true)).toEqual({ mode: 'dark', variables: {}, source: 'browser' });
  });

  it('puts into CSS only colours it can read, and no text colour unreadable on its ground', () => {
    expect(hexColour('#FFA500')).toBe('#ffa500');
    expect(hexColour('fa0')).toBe('#ffaa00');
    expect(hexColour('red; background: url(x)')).toBeNull();
    const theme = paneTheme({ bodyBackgroundColor: '#262626', bodyForegroundColor: '#303030', controlBackgroundColor: 'expression(alert(1))', isDarkTheme: true });
    expect(theme.variables).toEqual({ '--bg': '#262626' });
  });

  it('a mid-grey ground (Dark Gray) on which the pane\'s muted or error text would not be readable is not used', () => {
    const theme = paneTheme({ bodyBackgroundColor: '#6a6a6a', bodyForegroundColor: '#ffffff', controlBackgroundColor: '#2b2b2b', controlForegroundColor: '#ffffff', isDarkTheme: true });
    expect(theme.mode).toBe('dark');
    expect(theme.variables).toEqual({ '--card': '#2b2b2b', '--control-text': '#ffffff' });
  });
});
