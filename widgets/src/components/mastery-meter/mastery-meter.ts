import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import type { Performance, TopicMastery } from '../../api/api-types.js';
import { strings } from '../../i18n/strings.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';
import { masteryMeterStyles } from './mastery-meter.styles.js';

/** Mastery is 0–100 on the wire; clamp so a bad value never draws outside the track. */
const percentOf = (mastery: number): number => Math.round(Math.min(100, Math.max(0, mastery)));

/** What the meter shows: a course's `Performance` or the `mastery` of a quiz result (which has no evidence count). */
export type MasteryReading = Pick<Performance, 'mastery' | 'uncertainty' | 'tier' | 'topics'> & Partial<Pick<Performance, 'evidence'>>;

/**
 * The learner's course mastery (0–100) and, in the full variant, one bar per practised topic and the names of
 * the topics not practised yet. Every bar is a `meter`
 * with a value text, so screen readers say "62% mastered". Reloads itself when a quiz on the page completes.
 *
 * @example
 * <tg-mastery-meter variant="compact"></tg-mastery-meter>
 *
 * @tag tg-mastery-meter
 * @event tg-error - Loading failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart meter - The course meter.
 * @csspart topic - Each practised topic's row (full variant).
 * @csspart unpractised - The disclosure naming topics not practised yet (full variant).
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-mastery-meter-fill - Bar colour (default `--tg-sys-color-primary`).
 * @cssproperty --tg-mastery-meter-track - Track colour.
 * @cssproperty --tg-mastery-meter-height - Bar height.
 * @cssproperty --tg-mastery-meter-padding - Inner padding.
 */
export class TgMasteryMeter extends TgApiElement {
  static override styles = [tokens, base, masteryMeterStyles];

  /** `full` (course and topics) or `compact` (one bar). */
  @property({ reflect: true }) variant: 'full' | 'compact' = 'full';
  /** Data to show instead of loading it (e.g. from a quiz result). */
  @property({ attribute: false }) performance?: MasteryReading;

  @state() private loaded?: MasteryReading;

  private readonly onQuizComplete = (): void => this.reload();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('tg-quiz-complete', this.onQuizComplete);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('tg-quiz-complete', this.onQuizComplete);
  }

  protected override reload(): void {
    if (this.performance || !this.course) return;
    const course = encodeURIComponent(this.course);
    void this.run((c) => c.get<Performance>(`/courses/${course}/performance`), () => this.reload())
      .then((p) => { if (p) this.loaded = p; });
  }

  protected override render(): TemplateResult {
    const data = this.performance ?? this.loaded;
    const s = strings.mastery;
    const status = this.performance ? nothing : this.renderStatus();
    if (!data) return html`<div aria-busy=${this.isBusy ? 'true' : 'false'}>${status}</div>`;
    // With no answers yet the estimate is only the prior (about 50%): a bar would read as a measurement.
    const isUnmeasured = data.evidence === 0 || (!data.topics?.length && !data.mastery);
    return html`<div aria-busy="false">${status}
      ${isUnmeasured
        ? html`<div class="head"><span>${s.label}</span><span>${s.notMeasured}</span></div><p class="muted">${s.empty}</p>`
        : this.renderBar(s.label, data.mastery, s.valueText(percentOf(data.mastery), data.tier), 'meter')}
      ${this.variant === 'full' && data.topics?.length ? this.renderTopics(data.topics) : nothing}
    </div>`;
  }

  /**
   * Practised topics as bars; topics without evidence (`evidence: 0`) would only repeat the course estimate, so
   * they are named in a closed disclosure instead of drawn as bars that look like measurements.
   */
  private renderTopics(topics: readonly TopicMastery[]): TemplateResult {
    const s = strings.mastery;
    const practised = topics.filter((t) => t.evidence !== 0);
    const unpractised = topics.filter((t) => t.evidence === 0);
    return html`
      <h3 id="topics">${s.topicsHeading}</h3>
      ${practised.length ? html`<ul aria-labelledby="topics">${practised.map((t) => html`<li class="topic" part="topic">
        ${this.renderBar(t.title, t.mastery, s.topicValueText(t.title, percentOf(t.mastery)), 'topic-meter')}</li>`)}</ul>`
        : html`<p class="muted">${s.noTopicPractised}</p>`}
      ${unpractised.length ? html`<details part="unpractised"><summary>${s.unpractised(unpractised.length)}</summary>
        <ul class="names">${unpractised.map((t) => html`<li>${t.title}</li>`)}</ul></details>` : nothing}`;
  }

  private renderBar(label: string, mastery: number, valueText: string, part: string): TemplateResult {
    const percent = percentOf(mastery);
    const id = `m-${part}-${label.replace(/\W+/g, '-')}`;
    return html`<div class="head"><span id=${id}>${label}</span><span aria-hidden="true">${percent}%</span></div>
      <div class="track" part=${part} role="meter" aria-labelledby=${id} aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${percent} aria-valuetext=${valueText}>
        <div class="fill" style="width: ${percent}%"></div>
      </div>`;
  }
}
