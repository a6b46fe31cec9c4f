import { css, unsafeCSS } from 'lit';

/**
 * System tokens `--tg-sys-*`: [name, light default, dark default]. A host page themes every element by setting
 * the public `--tg-sys-*` properties (they win in both schemes); elements read the private `--_*` copies.
 * Defaults meet WCAG AA contrast on their matching surface.
 */
const TOKENS = [
  ['color-surface', '#ffffff', '#16181d'],
  ['color-surface-variant', '#f3f4f7', '#22252c'],
  ['color-on-surface', '#1a1c20', '#e8eaf0'],
  ['color-on-surface-variant', '#4a5060', '#b4bac8'],
  ['color-outline', '#767c8a', '#8a90a0'],
  ['color-primary', '#1d4ed8', '#93b8ff'],
  ['color-on-primary', '#ffffff', '#0b1020'],
  ['color-error', '#a51c1c', '#ffb4b4'],
  ['color-error-container', '#fdecec', '#3a1a1a'],
  ['color-success', '#176534', '#8fe3ad'],
  ['color-success-container', '#e7f6ec', '#14301f'],
  ['color-warning', '#7a4a06', '#f5cd7a'],
  ['color-warning-container', '#fdf5e1', '#352a0e'],
  ['color-focus', '#1d4ed8', '#93b8ff'],
] as const;

const declarations = (scheme: 1 | 2): string =>
  TOKENS.map((t) => `--_${t[0]}: var(--tg-sys-${t[0]}, ${t[scheme]});`).join('');

/**
 * Token layer shared by every element: light by default, dark with `theme="dark"` or the OS preference
 * (unless `theme="light"`), shape and type scale, and no motion under `prefers-reduced-motion`.
 *
 * @example
 * static override styles = [tokens, base, css`…`];
 */
export const tokens = css`
  :host {
    ${unsafeCSS(declarations(1))}
    --_radius: var(--tg-sys-shape-corner, 8px);
    --_font: var(--tg-sys-typescale-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_space: var(--tg-sys-spacing, 8px);
    color-scheme: light;
  }
  :host([theme='dark']) { ${unsafeCSS(declarations(2))} color-scheme: dark; }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) { ${unsafeCSS(declarations(2))} color-scheme: dark; }
  }
`;
