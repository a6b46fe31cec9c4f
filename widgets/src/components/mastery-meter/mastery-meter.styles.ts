import { css } from 'lit';

/** Styles of `<tg-mastery-meter>`; public knobs are `--tg-mastery-meter-*`. */
export const masteryMeterStyles = css`
  :host {
    --_fill: var(--tg-mastery-meter-fill, var(--_color-primary));
    --_track: var(--tg-mastery-meter-track, var(--_color-surface-variant));
    --_height: var(--tg-mastery-meter-height, 12px);
    padding: var(--tg-mastery-meter-padding, calc(var(--_space) * 1.5));
  }
  :host([variant='compact']) { display: inline-block; padding: 4px 8px; min-width: 12rem; }
  .head { display: flex; justify-content: space-between; gap: var(--_space); font-weight: 600; }
  .track { height: var(--_height); background: var(--_track); border-radius: 999px; overflow: hidden;
    border: 1px solid var(--_color-outline); }
  .fill { height: 100%; background: var(--_fill); border-radius: 999px; transition: width 0.4s ease-out; }
  ul { list-style: none; padding: 0; margin: calc(var(--_space) * 1.5) 0 0; display: grid; gap: var(--_space); }
  .topic .head { font-weight: 400; }
  h3 { margin: calc(var(--_space) * 2) 0 0; }
  .uncertain { font-size: 0.85rem; }
  details { margin-top: calc(var(--_space) * 1.5); }
  summary { cursor: pointer; color: var(--_color-on-surface-variant); }
  ul.names { gap: 2px; margin-top: var(--_space); padding-inline-start: var(--_space); }
`;
