import { css } from 'lit';

/**
 * Shared element styles: host box, native controls with a visible focus ring, status banners, badges.
 *
 * @example
 * static override styles = [tokens, base, askPanelStyles];
 */
export const base = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: 1rem;
    line-height: 1.5;
    color: var(--_color-on-surface);
    background: var(--_color-surface);
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: inherit; }
  [hidden] { display: none !important; }
  h2, h3, h4 { margin: 0 0 var(--_space); line-height: 1.25; }
  h2 { font-size: 1.15rem; } h3 { font-size: 1rem; }
  p { margin: 0 0 var(--_space); }
  button, input, select, textarea { font: inherit; color: inherit; }
  button {
    cursor: pointer; border-radius: var(--_radius); padding: 6px 14px; min-height: 36px;
    border: 1px solid var(--_color-outline); background: var(--_color-surface); color: var(--_color-on-surface);
  }
  button.primary { background: var(--_color-primary); color: var(--_color-on-primary); border-color: var(--_color-primary); }
  button.link { border: none; background: none; padding: 2px 4px; min-height: 0; color: var(--_color-primary); text-decoration: underline; }
  button:disabled { cursor: not-allowed; opacity: 0.6; }
  input, select, textarea {
    border: 1px solid var(--_color-outline); border-radius: var(--_radius); padding: 6px 10px;
    background: var(--_color-surface); min-height: 36px;
  }
  input[type='radio'], input[type='checkbox'] { min-height: 0; margin: 0; accent-color: var(--_color-primary); }
  :focus-visible { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
  .muted { color: var(--_color-on-surface-variant); }
  .row { display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
  .card { border: 1px solid var(--_color-outline); border-radius: var(--_radius); padding: calc(var(--_space) * 2); }
  .banner {
    display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; justify-content: space-between;
    border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); margin-block: var(--_space);
    background: var(--_color-surface-variant); color: var(--_color-on-surface);
  }
  .banner.error { background: var(--_color-error-container); color: var(--_color-error); }
  .banner.warning { background: var(--_color-warning-container); color: var(--_color-warning); }
  .banner.success { background: var(--_color-success-container); color: var(--_color-success); }
  .banner .ref { font-size: 0.85em; }
  .badge {
    display: inline-block; border-radius: 999px; padding: 0 10px; font-size: 0.85rem; font-weight: 600; white-space: nowrap;
    background: var(--_color-surface-variant); color: var(--_color-on-surface);
  }
  .badge.ok { background: var(--_color-success-container); color: var(--_color-success); }
  .badge.bad { background: var(--_color-error-container); color: var(--_color-error); }
  .badge.warn { background: var(--_color-warning-container); color: var(--_color-warning); }
  .badge.busy { background: var(--_color-surface-variant); color: var(--_color-primary); }
  .spinner {
    display: inline-block; width: 1em; height: 1em; border-radius: 50%; vertical-align: -0.15em;
    border: 2px solid currentColor; border-right-color: transparent; animation: tg-spin 0.8s linear infinite;
  }
  @keyframes tg-spin { to { transform: rotate(360deg); } }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    *, *::before, *::after { animation: none !important; transition: none !important; }
  }
`;
