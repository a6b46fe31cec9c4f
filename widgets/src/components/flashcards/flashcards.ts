import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import { defineElement } from '../../internal/define.js';
import { emit } from '../../events/events.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';
import type { FlashcardReviewResponse, QueuedFlashcard, StudyQueueResponse } from '../../api/api-types.js';
import { flashcardStrings as s } from './internal/flashcards.strings.js';
import { flashcardsStyles } from './flashcards.styles.js';

const RATINGS = ['again', 'hard', 'good', 'easy'] as const;
type Rating = (typeof RATINGS)[number];

/**
 * Spaced-repetition flashcards: today's queue (cards due, then new cards of the learner's weak topics, then new
 * cards), one card at a time. Keyboard first: Space shows the answer, 1–4 rate it (Again, Hard, Good, Easy) and
 * FSRS on the server schedules the next review. Focus moves to the answer when it
 * is shown and to the next card's question after a rating; a polite live region says where the learner is.
 * The bundle loads this element's chunk only when a page holds one (see `lazy-elements.ts`).
 *
 * @example
 * <tg-flashcards api-base="https://tg.example.edu" token="eyJ…" course-id="c1" limit="20"></tg-flashcards>
 *
 * @tag tg-flashcards
 * @event tg-flashcard-review - A card was rated: `{ cardId, rating, dueAt }`.
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart card - The card (front and back).
 * @csspart ratings - The four rating buttons.
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-flashcards-accent - Accent of the card's edge and the progress bar.
 */
export class TgFlashcards extends TgApiElement {
  static override styles = [tokens, base, flashcardsStyles];

  /** Cards per session (at most). */
  @property({ type: Number }) limit = 20;

  @state() private queue?: StudyQueueResponse;
  @state() private position = 0;
  @state() private isFlipped = false;
  @state() private isSaving = false;
  @state() private reviewed = 0;
  @state() private announcement = '';

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const card = this.current;
    if (!card || this.isSaving) return;
    if (event.key === ' ' && !this.isFlipped) {
      // A focused button would also click on Space: handle it here once.
      event.preventDefault();
      this.flip();
    } else if (this.isFlipped && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      void this.rate(RATINGS[Number(event.key) - 1] as Rating);
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
  }

  protected override reload(): void {
    if (!this.course) return;
    const course = encodeURIComponent(this.course);
    void this.run((c) => c.get<StudyQueueResponse>(`/courses/${course}/study-queue?limit=${this.limit}`), () => this.reload())
      .then((queue) => {
        if (!queue) return;
        this.queue = queue;
        this.position = 0;
        this.isFlipped = false;
        this.reviewed = 0;
      });
  }

  private get current(): QueuedFlashcard | undefined { return this.queue?.items[this.position]; }

  private flip(): void {
    this.isFlipped = true;
    this.announcement = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#back-heading')?.focus());
  }

  private async rate(rating: Rating): Promise<void> {
    const card = this.current;
    if (!card || this.isSaving) return;
    this.isSaving = true;
    const review = await this.run((c) => c.post<FlashcardReviewResponse>(`/flashcards/${encodeURIComponent(card.id)}/reviews`, { rating }),
      () => void this.rate(rating), { quiet: true });
    this.isSaving = false;
    if (!review) return;
    emit(this, 'tg-flashcard-review', { cardId: card.id, rating, dueAt: review.due_at });
    this.reviewed += 1;
    this.position += 1;
    this.isFlipped = false;
    const total = this.queue?.items.length ?? 0;
    this.announcement = `${s.ratings[rating]}. ${s.nextReview(review.interval_days)} ${this.position < total ? s.progress(this.position, total) : s.done(this.reviewed)}`;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.position < total ? '#front-heading' : '#done')?.focus();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('queue') && this.queue && changed.get('queue') === undefined) {
      // First load: the learner starts typing right away, so the deck takes focus only if nothing else has it.
      if (document.activeElement === document.body) this.renderRoot.querySelector<HTMLElement>('#front-heading')?.focus();
    }
  }

  protected override render(): TemplateResult {
    const status = this.renderStatus();
    const queue = this.queue;
    const busy = this.isBusy || this.isSaving ? 'true' : 'false';
    if (!queue) return html`<section aria-label=${s.heading} aria-busy=${busy}>${status}</section>`;
    const total = queue.items.length;
    return html`<section aria-labelledby="deck-heading" aria-busy=${busy}>
      <div class="top"><h2 id="deck-heading">${s.heading}</h2>${total > 0 && this.position < total ? html`<span class="muted">${s.progress(this.position, total)}</span>` : nothing}</div>
      ${total > 0 ? html`<progress max=${total} value=${this.position} aria-label=${s.progress(this.position, total)}></progress>` : nothing}
      ${queue.weak_topics.length > 0 && this.position < total ? html`<p class="muted">${s.weakTopics(queue.weak_topics.slice(0, 3).map((t) => t.title))}</p>` : nothing}
      ${status}
      ${total === 0 ? html`<p id="done" tabindex="-1">${s.empty}</p>`
        : this.position >= total ? this.renderDone()
          : this.renderCard(this.current as QueuedFlashcard, total)}
      <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  private renderCard(card: QueuedFlashcard, total: number): TemplateResult {
    const citation = card.citations[0];
    return html`<div class="card" part="card" role="group" aria-roledescription="flashcard" aria-label=${s.cardLabel(this.position + 1, total)}>
      <div class="face">
        <span class="badge reason">${s.reasons[card.reason] ?? card.reason}</span>${card.topic ? html`<span class="muted">${card.topic.title}</span>` : nothing}
        <h3 id="front-heading" tabindex="-1">${s.front}</h3>
        <p>${card.front}</p>
      </div>
      ${this.isFlipped ? html`<div class="face back">
        <h3 id="back-heading" tabindex="-1">${s.back}</h3>
        <p>${card.back}</p>
        ${citation ? html`<p class="source muted">${s.source(citation.document_title, citation.heading)}</p>` : nothing}
      </div>` : nothing}
    </div>
    ${this.isFlipped
      ? html`<fieldset part="ratings" ?disabled=${this.isSaving}><legend>${s.rateLegend}</legend><div class="ratings">
          ${RATINGS.map((rating, i) => html`<button type="button" class=${rating === 'good' ? 'primary' : ''} aria-keyshortcuts=${String(i + 1)}
            @click=${() => void this.rate(rating)}>${s.ratings[rating]}<kbd aria-hidden="true">${i + 1}</kbd></button>`)}
        </div></fieldset>`
      : html`<button type="button" class="primary show" aria-keyshortcuts="Space" @click=${() => this.flip()}>${s.show}<kbd aria-hidden="true">${s.showHint}</kbd></button>`}
    <p class="muted">${s.keysHint}</p>`;
  }

  private renderDone(): TemplateResult {
    return html`<p id="done" tabindex="-1">${s.done(this.reviewed)}</p>
      <button type="button" @click=${() => this.reload()}>${s.again}</button>`;
  }
}

defineElement('tg-flashcards', TgFlashcards);

declare global {
  interface HTMLElementTagNameMap { 'tg-flashcards': TgFlashcards }
}
