import { css } from 'lit';

/** Styles of the course console and its views; public knobs are `--tg-course-console-*`. */
export const consoleStyles = css`
  :host { --_accent: var(--tg-course-console-accent, var(--_color-primary)); display: block; container-type: inline-size; min-width: 0; }
  .tabs { display: flex; gap: 2px; flex-wrap: wrap; border-bottom: 1px solid var(--_color-outline); margin-bottom: var(--_space); }
  [role='tab'] { border: none; border-bottom: 3px solid transparent; border-radius: var(--_radius) var(--_radius) 0 0; background: none; }
  [role='tab'][aria-selected='true'] { border-bottom-color: var(--_accent); font-weight: 700; color: var(--_accent); }
  table { border-collapse: collapse; font-size: 0.92rem; }
  table.full { width: 100%; }
  th, td { text-align: start; padding: 5px 8px; border-bottom: 1px solid var(--_color-surface-variant); vertical-align: top; overflow-wrap: break-word; }
  th { font-weight: 600; color: var(--_color-on-surface-variant); }
  thead th { position: sticky; top: 0; background: var(--_color-surface); }
  .scroll { overflow: auto; max-width: 100%; max-height: 32rem; border: 1px solid var(--_color-surface-variant); border-radius: var(--_radius); }
  /* The heatmap scrolls inside its own region; the learner column stays in view while it does. */
  .scroll tbody th[scope='row'], .scroll thead th:first-child { position: sticky; inset-inline-start: 0; background: var(--_color-surface); z-index: 1; }
  .scroll thead th:first-child { z-index: 2; }
  .scroll thead th { min-width: 5.5rem; }
  .scroll:focus-visible { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
  th button.sort { background: none; border: none; padding: 0; font: inherit; font-weight: 600; color: inherit; text-align: start; cursor: pointer; }
  td.cell { white-space: nowrap; text-align: end; font-variant-numeric: tabular-nums; }
  td.low { background: var(--_color-error-container); }
  td.mid { background: var(--_color-warning-container); }
  td.high { background: var(--_color-success-container); }
  .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: var(--_space); margin: 0 0 var(--_space); }
  .stat { background: var(--_color-surface-variant); border-radius: var(--_radius); padding: var(--_space); }
  .stat strong { display: block; font-size: 1.4rem; }
  .bars { display: grid; gap: 4px; margin: 0 0 var(--_space); max-width: 32rem; }
  .bar { display: grid; grid-template-columns: 6rem 1fr 3rem; gap: 8px; align-items: center; }
  .bar span.fill { display: block; height: 0.9rem; background: var(--_accent); border-radius: 3px; min-width: 2px; }
  .error-text { color: var(--_color-error); }
  .ok-text { color: var(--_color-success); }
  .drop { border: 2px dashed var(--_color-outline); border-radius: var(--_radius); padding: calc(var(--_space) * 2); text-align: center; margin-bottom: var(--_space); }
  .drop.over { border-color: var(--_accent); background: var(--_color-surface-variant); }
  progress { width: 100%; accent-color: var(--_accent); }
  .filters { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: end; margin-bottom: var(--_space); }
  .filters label { display: grid; grid-template-columns: minmax(0, 1fr); gap: 2px; font-weight: 600; min-width: 0; max-width: 100%; }
  select, input:not([type='checkbox']):not([type='radio']), textarea { max-width: 100%; }
  form.edit { display: grid; gap: var(--_space); margin-bottom: var(--_space); }
  form.edit label { display: grid; gap: 2px; font-weight: 600; }
  form.edit textarea, form.edit input { width: 100%; }
  .edit-error { margin: 0; }
  .card { border: 1px solid var(--_color-surface-variant); border-radius: var(--_radius); padding: var(--_space); margin-bottom: var(--_space); }
  .card h3, .card h4 { margin: 0 0 4px; }
  .badge { display: inline-block; padding: 0 6px; border-radius: 999px; background: var(--_color-surface-variant); font-size: 0.85rem; }
  .badge.retired { background: var(--_color-error-container); }
  .badge.approved { background: var(--_color-success-container); }
  .row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
  .row.exports { margin-bottom: var(--_space); }
  blockquote { margin: 4px 0; padding-inline-start: 8px; border-inline-start: 3px solid var(--_color-outline); color: var(--_color-on-surface-variant); }
  pre.preview { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24rem; overflow: auto; background: var(--_color-surface-variant); padding: var(--_space); border-radius: var(--_radius); }
  ul.plain { list-style: none; padding: 0; margin: 0; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  h3, h4, p, li, blockquote, label { overflow-wrap: anywhere; }
  /*
   * Narrow (a phone, a narrow LMS frame): list tables (class="cards") reflow into one card per row, each cell
   * under its column's name (data-label); the header row stays for screen readers.
   */
  @container (max-width: 40rem) {
    table.cards, table.cards tbody, table.cards tr, table.cards td, table.cards tbody th { display: block; width: 100%; }
    table.cards thead, table.cards thead tr, table.cards thead th {
      position: absolute; width: 1px; height: 1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
    }
    table.cards tr { border: 1px solid var(--_color-surface-variant); border-radius: var(--_radius); padding: 4px 8px; margin-bottom: var(--_space); }
    table.cards td, table.cards tbody th { border: none; padding: 3px 0; overflow-wrap: anywhere; }
    table.cards td[data-label] { display: grid; grid-template-columns: minmax(5.5rem, 32%) minmax(0, 1fr); gap: 8px; }
    table.cards td[data-label]::before { content: attr(data-label); font-weight: 600; color: var(--_color-on-surface-variant); }
    table.cards td.cell { text-align: start; }
    .bar { grid-template-columns: 5rem minmax(0, 1fr) 2.5rem; }
    .drop { padding: var(--_space); }
  }
`;
