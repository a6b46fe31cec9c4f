import { css } from 'lit';

export const portalStyles = css`
  :host {
    display: block; min-height: 100vh; font-family: var(--tg-sys-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--tg-sys-color-on-surface, #1b1f24); background: var(--tg-sys-color-background, #f6f7f9);
    --tg-portal-accent: var(--tg-sys-color-primary, #0b5cad);
  }
  :host([theme='dark']) { --tg-sys-color-on-surface: #e8eaed; --tg-sys-color-background: #15181c; --tg-sys-color-surface: #1f2328; --tg-portal-accent: #8ab4f8; }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) { --tg-sys-color-on-surface: #e8eaed; --tg-sys-color-background: #15181c; --tg-sys-color-surface: #1f2328; --tg-portal-accent: #8ab4f8; }
  }
  a { color: var(--tg-portal-accent); }
  header { padding: 0.75rem 1.25rem; background: var(--tg-sys-color-surface, #fff);
    border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent); }
  header .bar, header .context { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center; }
  header .context { margin-top: 0.6rem; }
  .brand { font-weight: 700; font-size: 1.1rem; margin-right: auto; color: inherit; text-decoration: none; }
  nav ul { display: flex; gap: 0.25rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
  nav a { display: inline-block; padding: 0.4rem 0.7rem; border-radius: 6px; text-decoration: none; color: inherit; }
  nav a[aria-current='page'] { background: color-mix(in srgb, var(--tg-portal-accent) 15%, transparent); color: var(--tg-portal-accent); font-weight: 600; }
  label { font-size: 0.85rem; display: inline-flex; gap: 0.4rem; align-items: center; max-width: 100%; min-width: 0; }
  select, input, button { font: inherit; }
  /* A long course or organisation name must not push a 320-px screen sideways. */
  select { max-width: min(22rem, 100%); min-width: 0; text-overflow: ellipsis; }
  /* An input beside its label shrinks with a 320-px frame instead of keeping its 20-character width. */
  input { min-width: 0; max-width: 100%; }
  select, input { padding: 0.35rem 0.5rem; border: 1px solid color-mix(in srgb, currentColor 35%, transparent); border-radius: 6px;
    background: var(--tg-sys-color-surface, #fff); color: inherit; }
  button { padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--tg-portal-accent); background: var(--tg-portal-accent);
    color: var(--tg-sys-color-on-primary, #fff); cursor: pointer; }
  :host([theme='dark']) button { color: #111; }
  button.secondary { background: transparent; color: var(--tg-portal-accent); }
  button.link { background: none; border: none; padding: 0; color: var(--tg-portal-accent); text-decoration: underline; }
  :focus-visible { outline: 3px solid var(--tg-portal-accent); outline-offset: 2px; }
  /* main takes focus only so screen readers start on the new screen; a ring around the whole page reads as a bug. */
  main:focus { outline: none; }
  main { max-width: 1100px; margin: 0 auto; padding: 1.25rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
  .card { background: var(--tg-sys-color-surface, #fff); border: 1px solid color-mix(in srgb, currentColor 12%, transparent);
    border-radius: 10px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
  .grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
  .personas { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
  .muted { color: color-mix(in srgb, currentColor 70%, transparent); }
  .error { border-left: 4px solid #b3261e; padding: 0.5rem 0.75rem; background: color-mix(in srgb, #b3261e 8%, transparent); }
  .ok { border-left: 4px solid #1e7d32; padding: 0.5rem 0.75rem; background: color-mix(in srgb, #1e7d32 8%, transparent); }
  ul.plain { list-style: none; padding: 0; margin: 0 0 0.75rem; }
  ul.plain li { padding: 0.4rem 0; border-bottom: 1px solid color-mix(in srgb, currentColor 10%, transparent); }
  form.inline { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: end; }
  .skip { position: absolute; left: -999px; }
  .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; z-index: 10; }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
