import { html, type TemplateResult } from 'lit';
import { strings } from '../../i18n/strings.js';

/** The learner's feedback on one answer. */
export interface FeedbackState {
  helpful: boolean | null; grounded: boolean | null; comment: string; sent: boolean; sending: boolean;
}

/**
 * The feedback form of the ask panel: two native radio groups (helpful, grounded) and a send button, enabled
 * once both are chosen (the API requires both).
 * `change` receives a patch, not a whole state: two quick clicks before a re-render must not undo each other.
 *
 * @example
 * renderFeedback(this.feedback, (patch) => { this.feedback = { ...this.feedback, ...patch }; }, () => this.sendFeedback());
 */
export function renderFeedback(
  state: FeedbackState, change: (patch: Partial<FeedbackState>) => void, send: () => void,
): TemplateResult {
  const s = strings.ask;
  if (state.sent) return html`<p class="banner success" part="feedback" role="status">${s.feedbackThanks}</p>`;
  const radio = (name: 'helpful' | 'grounded', value: boolean, label: string) => html`<label>
    <input type="radio" name=${name} .checked=${state[name] === value}
      @change=${() => change({ [name]: value })}> ${label}</label>`;
  return html`<fieldset part="feedback">
    <legend>${s.feedbackQuestion}</legend>
    <div class="choice-group" role="radiogroup" aria-label=${s.feedbackQuestion}>
      ${radio('helpful', true, s.helpful)} ${radio('helpful', false, s.notHelpful)}</div>
    <div class="choice-group" role="radiogroup" aria-label=${s.grounded}>
      ${radio('grounded', true, s.grounded)} ${radio('grounded', false, s.notGrounded)}</div>
    <button type="button" ?disabled=${state.sending || state.helpful === null || state.grounded === null}
      @click=${send}>${strings.common.save}</button>
  </fieldset>`;
}
