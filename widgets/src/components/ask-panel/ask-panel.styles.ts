import { css } from 'lit';

/** Styles of `<tg-ask-panel>`; public knobs are `--tg-ask-panel-*` over the system tokens. */
export const askPanelStyles = css`
  :host {
    --_accent: var(--tg-ask-panel-accent, var(--_color-primary));
    padding: var(--tg-ask-panel-padding, calc(var(--_space) * 2));
    border-radius: var(--_radius);
    border: var(--tg-ask-panel-border, 1px solid var(--_color-outline));
  }
  form { display: grid; gap: var(--_space); }
  label[for='q'] { font-weight: 600; }
  .choice-group label { display: inline-flex; gap: 6px; align-items: center; }
  /* The answer takes focus after asking so screen readers land on it; it is not a control, so no ring. */
  .answer:focus { outline: none; }
  textarea { width: 100%; resize: vertical; min-height: 3.2em; }
  .actions { display: flex; justify-content: flex-end; }
  .answer { margin-top: calc(var(--_space) * 2); }
  .answer-text p { margin-bottom: var(--_space); }
  .marker {
    min-height: 0; padding: 0 4px; margin: 0 1px; border-radius: 4px; font-size: 0.8em; vertical-align: super;
    line-height: 1; border: 1px solid var(--_accent); color: var(--_accent); background: transparent;
  }
  .citations { list-style: none; padding: 0; margin: var(--_space) 0; display: grid; gap: 4px; }
  .citation-toggle {
    width: 100%; text-align: start; display: flex; gap: var(--_space); align-items: center;
    background: var(--_color-surface-variant); border-color: transparent;
  }
  .citation-toggle::before { content: '▸'; transition: transform 0.15s; }
  .citation-toggle[aria-expanded='true']::before { transform: rotate(90deg); }
  .citation-body { padding: var(--_space) calc(var(--_space) * 1.5); border-inline-start: 3px solid var(--_accent); margin: 4px 0 4px 6px; }
  .snippet { font-style: italic; }
  fieldset { border: 1px solid var(--_color-outline); border-radius: var(--_radius); margin: calc(var(--_space) * 2) 0 0; }
  legend { font-weight: 600; padding: 0 4px; }
  .choice-group { display: flex; gap: calc(var(--_space) * 2); flex-wrap: wrap; margin-bottom: var(--_space); }
  .not-found { border-inline-start: 4px solid var(--_color-warning); padding-inline-start: var(--_space); }
  /* border-box and a strip of backdrop left free: on a 320–375 px screen the drawer and its Close button fit, and a tap on the strip closes it. */
  dialog {
    box-sizing: border-box; overflow-wrap: anywhere;
    margin: 0 0 0 auto; height: 100%; max-height: 100%; width: min(36rem, calc(100% - 2.5rem)); max-width: calc(100% - 2.5rem); border: none;
    border-inline-start: 1px solid var(--_color-outline); padding: calc(var(--_space) * 2);
    background: var(--_color-surface); color: var(--_color-on-surface);
  }
  dialog::backdrop { background: rgb(0 0 0 / 0.4); }
  .drawer-head { display: flex; justify-content: space-between; align-items: start; gap: var(--_space); }
  .context { white-space: pre-wrap; }
  mark { background: var(--_color-warning-container); color: var(--_color-on-surface); outline: 2px solid var(--_color-warning); }
  pre { white-space: pre-wrap; font-size: 0.85rem; background: var(--_color-surface-variant); padding: var(--_space); border-radius: var(--_radius); }
  details summary { cursor: pointer; }
`;
