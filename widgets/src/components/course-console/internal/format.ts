import { html, type TemplateResult } from 'lit';

/** `72% ± 8` or an em dash when there is no estimate. */
export const masteryText = (mastery: number | null, uncertainty: number | null): string =>
  mastery === null ? '—' : `${Math.round(mastery)}%${uncertainty === null ? '' : ` ± ${Math.round(uncertainty)}`}`;

/** Heat band class of a mastery value (colour is never the only signal: the text says the number). */
export const band = (mastery: number | null): string => (mastery === null ? '' : mastery < 40 ? 'low' : mastery < 70 ? 'mid' : 'high');

/** A timestamp as a short local date and time, in a `<time>` element. */
export const when = (iso: string | null): TemplateResult | string =>
  iso ? html`<time datetime=${iso}>${new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>` : '—';
