/**
 * The pane follows Office's theme (File > Account > Office Theme): `Office.context.officeTheme` gives the body and
 * control colours of the theme the user chose, and `isDarkTheme` says whether it is a dark one (Black, Dark Gray). The
 * colours become the CSS variables taskpane.css is written in (--bg, --text, --card, --control-text), and a dark theme
 * switches the pane's own colours (severity colours, borders, buttons) to their dark set with `data-theme="dark"` on
 * <html>. Outside Office, or where Office gives no theme, the browser's own light or dark preference is followed.
 */

/** The parts of Office.OfficeTheme the pane reads (every field optional: older hosts give fewer). */
export interface OfficeThemeColours {
  readonly bodyBackgroundColor?: string;
  readonly bodyForegroundColor?: string;
  readonly controlBackgroundColor?: string;
  readonly controlForegroundColor?: string;
  readonly isDarkTheme?: boolean;
}

export interface PaneTheme {
  readonly mode: 'light' | 'dark';
  /** CSS custom properties to set on <html>: only colours Office gave, as #RRGGBB. */
  readonly variables: Readonly<Record<string, string>>;
  readonly source: 'office' | 'browser';
}

const HEX = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

/** `#FFA500`, `FFA500` or `#fa0` as `#ffa500`; null for anything else (never put into CSS as it is). */
export function hexColour(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = HEX.exec(value.trim());
  if (!m) return null;
  const digits = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return `#${digits.toLowerCase()}`;
}

/** Relative luminance (WCAG 2) of a #rrggbb colour, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colours of taskpane.css for each mode (text, muted, error, warning, info, ok: --text, --muted, --error,
 * --warning, --info, --ok-text), which are drawn on Office's backgrounds once those are applied; theme.test.ts checks
 * these against the CSS.
 */
export const PANE_TEXT_COLOURS: Readonly<Record<PaneTheme['mode'], readonly string[]>> = {
  light: ['#242424', '#616161', '#c50f1f', '#8a5100', '#0f6cbd', '#0b5a2f'],
  dark: ['#f3f3f3', '#c8c6c4', '#ff99a4', '#fcc875', '#8cc4ff', '#8fd6a4'],
};

/** Every text colour of the mode readable (4.5:1) on this background. */
const carriesText = (background: string, mode: PaneTheme['mode']): boolean => PANE_TEXT_COLOURS[mode].every((c) => contrast(c, background) >= 4.5);

/**
 * The pane's theme from Office's: dark when Office says so, else when its body background is dark. Office's body and
 * control colours are used only where the pane's own text colours for that mode stay readable on them (4.5:1; Office's
 * Dark Gray theme has mid-grey grounds), and Office's text colour only where it is readable on its ground.
 */
export function paneTheme(office: OfficeThemeColours | null | undefined, browserPrefersDark = false): PaneTheme {
  const body = hexColour(office?.bodyBackgroundColor);
  if (!office || !body) return { mode: browserPrefersDark ? 'dark' : 'light', variables: {}, source: 'browser' };
  const mode = typeof office.isDarkTheme === 'boolean' ? (office.isDarkTheme ? 'dark' : 'light') : luminance(body) < 0.2 ? 'dark' : 'light';
  const variables: Record<string, string> = {};
  if (carriesText(body, mode)) {
    variables['--bg'] = body;
    const text = hexColour(office.bodyForegroundColor);
    if (text && contrast(text, body) >= 4.5) variables['--text'] = text;
  }
  const control = hexColour(office.controlBackgroundColor);
  if (control && carriesText(control, mode)) {
    variables['--card'] = control;
    const controlText = hexColour(office.controlForegroundColor);
    if (controlText && contrast(controlText, control) >= 4.5) variables['--control-text'] = controlText;
  }
  return { mode, variables, source: 'office' };
}

/** Puts the theme on the page: `data-theme` on <html> and the colours as CSS variables. */
export function applyTheme(theme: PaneTheme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme.mode;
  root.dataset.themeSource = theme.source;
  for (const name of ['--bg', '--text', '--card', '--control-text']) root.style.removeProperty(name);
  for (const [name, value] of Object.entries(theme.variables)) root.style.setProperty(name, value);
}

/** The browser's own preference, used outside Office. */
export function browserPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}
