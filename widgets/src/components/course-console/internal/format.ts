import { html, type TemplateResult } from 'lit';

/** `72% ± 8` or an em dash when there is no estimate. */
export const masteryText = (mastery: number | null, uncertainty: number | null): string =>
  mastery === null ? '—' : `${Math.round(mastery)}%${uncertainty === null ? '' : ` ± ${Math.round(uncertainty)}`}`;

/** Heat band class of a mastery value (colour is never the only signal: the text says the number). */
export const band = (mastery: number | null): string => (mastery === null ? '' : mastery < 40 ? 'low' : mastery < 70 ? 'mid' : 'high');

/** A timestamp as a short local date and time, in a `<time>` element. */
export const when = (iso: string | null): TemplateResult | string =>
  iso ? html`<time datetime=${iso}>${new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>` : '—';

/**
 * A cell of a list table (`table.cards`): at narrow widths each row becomes a card and the cell shows its column's
 * name before its value (one wrapper, so the two sit side by side).
 *
 * @example
 * html`<tr>${cell('Status', 'sent')}</tr>`
 */
export const cell = (label: string, content: unknown, className = ''): TemplateResult =>
  html`<td data-label=${label} class=${className}><div>${content}</div></td>`;
