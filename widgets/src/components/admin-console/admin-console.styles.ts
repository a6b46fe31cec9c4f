import { css } from 'lit';

/** Styles shared by the admin console and its tabs; public knobs are `--tg-admin-console-*`. */
export const adminStyles = css`
  :host { --_accent: var(--tg-admin-console-accent, var(--_color-primary)); }
  .tabs { display: flex; gap: 2px; flex-wrap: wrap; border-bottom: 1px solid var(--_color-outline); margin-bottom: var(--_space); }
  [role='tab'] { border: none; border-bottom: 3px solid transparent; border-radius: var(--_radius) var(--_radius) 0 0; background: none; }
  [role='tab'][aria-selected='true'] { border-bottom-color: var(--_accent); font-weight: 700; color: var(--_accent); }
  table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
  /* Narrow screens (320–640 px): columns share the width and long values wrap, so no table pushes the page sideways. */
  @media (max-width: 40rem) { table { table-layout: fixed; position: relative; } th, td { overflow-wrap: anywhere; padding: 4px; } }
  select, input:not([type='checkbox']):not([type='radio']) { max-width: 100%; min-width: 0; box-sizing: border-box; }
  /* Links and URLs break anywhere so a 320-px frame never scrolls sideways. */
  code.wrap { overflow-wrap: anywhere; word-break: break-all; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid var(--_color-surface-variant); vertical-align: top; }
  th { font-weight: 600; color: var(--_color-on-surface-variant); }
  .drop { border: 2px dashed var(--_color-outline); border-radius: var(--_radius); padding: calc(var(--_space) * 2);
    text-align: center; margin-bottom: var(--_space); }
  .drop.over { border-color: var(--_accent); background: var(--_color-surface-variant); }
  progress { width: 100%; accent-color: var(--_accent); }
  form.grid { display: grid; gap: var(--_space); grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); align-items: end; margin-bottom: var(--_space); }
  form.grid label, .field { display: grid; gap: 2px; font-weight: 600; }
  /* Checkboxes in a fieldset: box and its text on one line. */
  form.grid fieldset { margin: 0; min-width: 0; }
  form.grid fieldset label { display: flex; gap: 0.4rem; align-items: center; font-weight: 400; }
  .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: var(--_space); margin: 0 0 var(--_space); }
  .stat { background: var(--_color-surface-variant); border-radius: var(--_radius); padding: var(--_space); }
  .stat strong { display: block; font-size: 1.4rem; }
  .error-text { color: var(--_color-error); }
  .confirm { border: 2px solid var(--_color-warning); border-radius: var(--_radius); padding: var(--_space); margin: var(--_space) 0; }
  dl.detail { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: var(--_space) 0; }
  dl.detail dt { font-weight: 600; }
  dl.detail dd { margin: 0; }
  code { font-size: 0.85rem; word-break: break-all; }
`;
