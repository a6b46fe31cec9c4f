import { css } from 'lit';

/** Styles of `<tg-flashcards>`; public knobs are `--tg-flashcards-*`. */
export const flashcardsStyles = css`
  :host { --_accent: var(--tg-flashcards-accent, var(--_color-primary)); padding: calc(var(--_space) * 1.5); }
  .top { display: flex; justify-content: space-between; align-items: baseline; gap: var(--_space); flex-wrap: wrap; }
  progress { width: 100%; height: 8px; accent-color: var(--_accent); }
  .card { border-inline-start: 4px solid var(--_accent); margin-block: var(--_space); min-height: 9rem; }
  .face h3 { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_color-on-surface-variant); }
  .face p { white-space: pre-line; font-size: 1.1rem; }
  .back { border-top: 1px dashed var(--_color-outline); padding-top: var(--_space); margin-top: var(--_space); }
  .source { font-size: 0.85rem; }
  fieldset { border: none; padding: 0; margin: 0; }
  legend { padding: 0; margin-bottom: var(--_space); font-weight: 600; }
  .ratings { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: var(--_space); }
  .ratings kbd, .show kbd { font-size: 0.8em; opacity: 0.85; margin-inline-start: 0.35em; }
  kbd { font-family: inherit; border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; }
  .reason { margin-inline-end: var(--_space); }
  @media (prefers-reduced-motion: no-preference) {
    .back { animation: tg-reveal 0.18s ease-out; }
    @keyframes tg-reveal { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
  }
`;
