import { css } from 'lit';

/** Styles of `<tg-quiz-runner>`; public knobs are `--tg-quiz-runner-*`. */
export const quizRunnerStyles = css`
  :host {
    --_accent: var(--tg-quiz-runner-accent, var(--_color-primary));
    padding: var(--tg-quiz-runner-padding, calc(var(--_space) * 2));
    border: var(--tg-quiz-runner-border, 1px solid var(--_color-outline));
    border-radius: var(--_radius);
  }
  /* The section takes focus after each step (for screen readers); it is not a control, so no ring. */
  section:focus { outline: none; }
  fieldset { border: 1px solid var(--_color-outline); border-radius: var(--_radius); margin: 0 0 calc(var(--_space) * 1.5); padding: calc(var(--_space) * 1.5); }
  fieldset.mode { border: none; padding: 0; display: flex; gap: calc(var(--_space) * 2); flex-wrap: wrap; }
  legend { font-weight: 600; padding: 0 4px; }
  .choices { display: grid; gap: 4px; }
  .choices label { display: flex; gap: var(--_space); align-items: center; padding: 4px 6px; border-radius: var(--_radius); }
  .choices label:hover { background: var(--_color-surface-variant); }
  .topic { font-size: 0.85rem; }
  .nav { display: flex; justify-content: space-between; gap: var(--_space); flex-wrap: wrap; margin-top: var(--_space); }
  .confirm { border: 2px solid var(--_color-warning); border-radius: var(--_radius); padding: calc(var(--_space) * 1.5); margin-top: var(--_space); }
  ol.results { padding-inline-start: 1.25rem; display: grid; gap: calc(var(--_space) * 1.5); }
  .verdict { font-weight: 700; }
  .ok { color: var(--_color-success); }
  .bad { color: var(--_color-error); }
  .cite { font-size: 0.9rem; }
  .attempts { list-style: none; padding: 0; display: grid; gap: 4px; }
  input[type='text'] { width: 100%; }
`;
