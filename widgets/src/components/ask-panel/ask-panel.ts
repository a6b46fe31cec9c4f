import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import type { AnswerPolicyResponse, Citation, ListResponse, OkResponse, QueryResponse } from '../../api/api-types.js';
import { emit } from '../../events/events.js';
import { strings } from '../../i18n/strings.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';
import { askPanelStyles } from './ask-panel.styles.js';
import { renderFeedback, type FeedbackState } from './ask-feedback.js';
import { answerAsText, fromHistory, type HistoryItem, renderRecent, replyOf, type ReopenedQuestion, threadQuestion, threadStrings, type ThreadEntry } from './ask-thread.js';

/**
 * Ask a question about the course and get a grounded answer with numbered citations. Each citation is a
 * disclosure button; "Show in document" opens a drawer with the passage in its document context, and
 * closing it returns focus to where it was opened. Questions form a thread: a follow-up ("and what about
 * X?") is sent with the previous question, "New topic" starts afresh, and recent questions (the learner's own, kept
 * server-side across sessions) reopen their stored answers and can be deleted. The teacher's answer policy (full, hints only, off — possibly for an exam window) is shown above
 * the form; when it is off the form is disabled. An answer can be copied with its sources.
 *
 * @example
 * <tg-ask-panel api-base="https://tg.example.edu" course-id="c1" token="eyJ…"></tg-ask-panel>
 *
 * @tag tg-ask-panel
 * @slot heading - Replaces the question label.
 * @attr placement-id - The placement (LTI resource link) the panel sits in: its answer policy applies.
 * @event tg-answer - An answer arrived: `{ answerId, question, found }`.
 * @event tg-citation-open - A citation's drawer opened: `{ chunkId, documentId, marker }`.
 * @event tg-feedback - Feedback was sent: `{ answerId, helpful, grounded }`.
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart form - The question form.
 * @csspart input - The question text area.
 * @csspart submit - The ask button.
 * @csspart answer - The answer region.
 * @csspart citation - Each citation item.
 * @csspart drawer - The citation drawer (a modal dialog).
 * @csspart feedback - The feedback form.
 * @csspart banner - Status and error banners.
 * @csspart status - The loading line.
 * @cssproperty --tg-ask-panel-accent - Marker and citation accent colour (default `--tg-sys-color-primary`).
 * @cssproperty --tg-ask-panel-padding - Inner padding.
 * @cssproperty --tg-ask-panel-border - Outer border.
 * @cssproperty --tg-sys-color-surface - Background (all system tokens apply).
 */
export class TgAskPanel extends TgApiElement {
  static override styles = [tokens, base, askPanelStyles];

  /** Ask for retrieval details and show them (for instructors). */
  @property({ type: Boolean }) debug = false;
  /** How many passages to retrieve; server default when unset. */
  @property({ type: Number, attribute: 'top-k' }) topK?: number;
  /** The placement (LTI resource link id) whose answer policy applies; the course's when unset. */
  @property({ attribute: 'placement-id' }) placementId?: string;

  @state() protected thread: ThreadEntry[] = [];
  @state() protected recent: ThreadEntry[] = [];
  @state() protected policy?: AnswerPolicyResponse;
  @state() protected copied = false;

  @state() protected question = '';
  @state() protected reply?: QueryResponse;
  @state() protected expanded = new Set<number>();
  @state() protected drawerCitation?: Citation;
  @state() protected feedback: FeedbackState = { helpful: null, grounded: null, comment: '', sent: false, sending: false };

  @query('dialog') private drawer!: HTMLDialogElement;
  @query('.answer') private answerRegion!: HTMLElement;
  private drawerOpener: HTMLElement | null = null;

  protected override reload(): void {
    const course = this.course;
    if (!course) return;
    void this.loadHistory();
    const placement = this.placementId ? `?placement_id=${encodeURIComponent(this.placementId)}` : '';
    // Best effort: the server enforces the policy on every question; this only tells the learner beforehand.
    void this.client?.get<AnswerPolicyResponse>(`/courses/${encodeURIComponent(course)}/answer-policy${placement}`)
      .then((policy) => { this.policy = policy; }, () => undefined);
  }

  /** The learner's own questions in this course, from the server (best effort: the panel works without them). */
  private async loadHistory(): Promise<void> {
    if (!this.course || !this.client) return;
    const items = await this.client.get<ListResponse<HistoryItem>>(`/courses/${encodeURIComponent(this.course)}/my-questions?limit=8`).then((r) => r.items, () => undefined);
    if (items) this.recent = fromHistory(items, this.recent);
  }

  /** Deletes a question from the learner's history (server-side), then drops it from the list. */
  private async removeEntry(entry: ThreadEntry): Promise<void> {
    if (!entry.questionId || !this.course) return;
    const path = `/courses/${encodeURIComponent(this.course)}/my-questions/${encodeURIComponent(entry.questionId)}`;
    const done = await this.run((c) => c.delete<OkResponse>(path), () => void this.removeEntry(entry));
    if (done) this.recent = this.recent.filter((e) => e.questionId !== entry.questionId);
  }

  /** Starts a new thread: the next question is not read as a follow-up. */
  newTopic(): void {
    this.thread = [];
    this.reply = undefined;
    this.question = '';
  }

  /** Asks `text` (or the current question) as if the learner pressed Ask. */
  async ask(text: string = this.question): Promise<void> {
    const question = text.trim();
    if (!question || !this.course) return;
    this.question = question;
    this.reply = undefined;
    this.expanded = new Set();
    const previous = this.thread.at(-1)?.question;
    const body = {
      question, ...(this.topK ? { top_k: this.topK } : {}), ...(this.debug ? { debug: true } : {}),
      ...(previous ? { previous_question: previous } : {}), ...(this.placementId ? { placement_id: this.placementId } : {}),
    };
    const course = encodeURIComponent(this.course);
    const reply = await this.run((c) => c.post<QueryResponse>(`/courses/${course}/query`, body), () => void this.ask(question));
    if (!reply) return;
    this.reply = reply;
    this.copied = false;
    const entry = { question: threadQuestion(reply, question), reply };
    this.thread = [...this.thread, entry];
    this.recent = [{ question, answerId: reply.answer_id, reply }, ...this.recent.filter((e) => e.answerId !== reply.answer_id)].slice(0, 8);
    // The server's history gives the new entry its id (to delete it) and keeps it for the next session.
    void this.loadHistory();
    this.feedback = { helpful: null, grounded: null, comment: '', sent: false, sending: false };
    emit(this, 'tg-answer', { answerId: reply.answer_id, question, found: reply.found });
    await this.updateComplete;
    this.answerRegion?.focus();
  }

  protected override render(): TemplateResult {
    const s = strings.ask;
    const isOff = this.policy?.mode === 'off';
    return html`
      ${this.policy && this.policy.mode !== 'full' ? html`<p class="policy" part="banner" role="status">
        <strong>${threadStrings.policyLabel}:</strong> ${this.policy.message}</p>` : nothing}
      <form part="form" @submit=${this.onSubmit}>
        <label for="q"><slot name="heading">${s.label}</slot></label>
        <textarea id="q" part="input" rows="2" maxlength="1000" placeholder=${s.placeholder} .value=${this.question}
          @input=${(e: Event) => { this.question = (e.target as HTMLTextAreaElement).value; }}
          @keydown=${this.onKeydown}></textarea>
        <div class="actions">
          <button class="primary" part="submit" type="submit" ?disabled=${this.isBusy || !this.client || isOff}>${s.submit}</button>
          <button type="button" ?hidden=${this.thread.length === 0} @click=${() => this.newTopic()}>${threadStrings.newTopic}</button>
        </div>
        <p class="muted" ?hidden=${this.thread.length === 0}>${threadStrings.followUpNote}</p>
      </form>
      ${this.renderStatus(this.feedback.sending ? strings.common.loading : s.asking)}
      <div class="answer" part="answer" role="region" tabindex="-1" aria-live="polite" aria-busy=${this.isBusy ? 'true' : 'false'}
        aria-label=${s.answerHeading}>
        ${this.reply ? this.renderReply(this.reply) : this.load.kind === 'idle' ? html`<p class="muted">${s.empty}</p>` : nothing}
      </div>
      ${renderRecent(this.recent, this.reply, (entry) => void this.reopen(entry), (entry) => void this.removeEntry(entry))}
      <dialog part="drawer" aria-labelledby="drawer-title" @close=${this.onDrawerClose} @click=${this.onDrawerClick}>
        ${this.drawerCitation ? this.renderDrawer(this.drawerCitation) : nothing}
      </dialog>`;
  }

  private renderReply(reply: QueryResponse): TemplateResult {
    const s = strings.ask;
    if (!reply.found) {
      return html`<div class="not-found"><h2>${s.notFound}</h2>
        ${reply.suggestion ? html`<p>${s.suggestion(reply.suggestion)}</p>` : nothing}</div>`;
    }
    const cited = reply.citations.filter((c) => c.cited !== false);
    const asked = this.thread.at(-1)?.question ?? this.question;
    return html`
      <h2>${reply.answer_mode === 'hints' ? threadStrings.hintHeading : s.answerHeading}</h2>
      ${reply.resolved_question && reply.resolved_question.toLowerCase() !== this.question.trim().toLowerCase()
    ? html`<p class="muted">${threadStrings.answeredAs(reply.resolved_question)}</p>` : nothing}
      <div class="answer-text">${reply.answer.split(/\n{2,}/).map((p) => html`<p>${this.renderMarkers(p, cited)}</p>`)}</div>
      ${cited.length ? html`
        <h3 id="sources">${s.citationsHeading(cited.length)}</h3>
        <ul class="citations" aria-labelledby="sources">${cited.map((c) => this.renderCitation(c))}</ul>` : nothing}
      <p><button type="button" class="link" @click=${() => void this.copy(asked, reply)}>${threadStrings.copy}</button>
        <span role="status">${this.copied ? threadStrings.copied : ''}</span></p>
      ${renderFeedback(this.feedback, (patch) => { this.feedback = { ...this.feedback, ...patch }; }, () => void this.sendFeedback())}
      ${this.debug && reply.retrieval_stats ? html`<details><summary>${s.debugHeading}</summary>
        <pre>${JSON.stringify(reply.retrieval_stats, null, 2)}</pre>
        <ul>${reply.citations.map((c) => html`<li>[${c.marker}] ${c.document_title} #${c.chunk_index} — ${s.score(c.score)}</li>`)}</ul>
      </details>` : nothing}`;
  }

  /** Shows a stored answer again (no new request); it becomes the thread's last turn. */
  private async reopen(entry: ThreadEntry): Promise<void> {
    let reply = entry.reply;
    if (!reply && entry.questionId && this.course) {
      const path = `/courses/${encodeURIComponent(this.course)}/my-questions/${encodeURIComponent(entry.questionId)}`;
      const reopened = await this.run((c) => c.get<ReopenedQuestion>(path), () => void this.reopen(entry));
      if (!reopened) return;
      reply = replyOf(reopened);
      entry.reply = reply;
    }
    if (!reply) return;
    this.question = entry.question;
    this.reply = reply;
    this.thread = [{ question: threadQuestion(reply, entry.question), reply }];
    this.expanded = new Set();
    await this.updateComplete;
    this.answerRegion?.focus();
  }

  /** Copies the answer and its numbered sources (the share sheet where the browser has one). */
  private async copy(question: string, reply: QueryResponse): Promise<void> {
    const text = answerAsText(question, reply);
    try {
      await navigator.clipboard.writeText(text);
      this.copied = true;
    } catch {
      if (typeof navigator.share === 'function') await navigator.share({ text }).catch(() => undefined);
    }
  }

  private renderMarkers(text: string, citations: Citation[]): Array<string | TemplateResult> {
    return text.split(/(\[\d+\])/).map((part) => {
      const marker = /^\[(\d+)\]$/.exec(part);
      const citation = marker && citations.find((c) => c.marker === Number(marker[1]));
      if (!citation) return part;
      return html`<button type="button" class="marker" aria-label=${strings.ask.citationToggle(citation.marker, citation.document_title)}
        @click=${() => void this.revealCitation(citation.marker)}>${citation.marker}</button>`;
    });
  }

  private renderCitation(c: Citation): TemplateResult {
    const s = strings.ask;
    const isOpen = this.expanded.has(c.marker);
    const where = s.location(c.location ?? {});
    return html`<li part="citation">
      <button type="button" class="citation-toggle" id="cite-${c.marker}" aria-expanded=${isOpen ? 'true' : 'false'}
        aria-controls="cite-body-${c.marker}" @click=${() => this.toggle(c.marker)}>${s.citationToggle(c.marker, c.document_title)}</button>
      <div class="citation-body" id="cite-body-${c.marker}" ?hidden=${!isOpen}>
        ${where ? html`<p class="muted">${where}</p>` : nothing}
        <p class="snippet">${c.snippet}</p>
        <button type="button" class="link" @click=${(e: Event) => this.openDrawer(c, e.currentTarget as HTMLElement)}>${s.openInContext}</button>
      </div>
    </li>`;
  }

  private renderDrawer(c: Citation): TemplateResult {
    const s = strings.ask;
    const at = c.snippet ? c.text.indexOf(c.snippet) : -1;
    const body = at < 0 ? html`${c.text || c.snippet}`
      : html`${c.text.slice(0, at)}<mark>${c.snippet}</mark>${c.text.slice(at + c.snippet.length)}`;
    return html`<div class="drawer-head">
        <h2 id="drawer-title">${s.drawerTitle(c.document_title)}</h2>
        <button type="button" @click=${() => this.drawer.close()}>${strings.common.close}</button>
      </div>
      <p class="muted">${s.location(c.location ?? {})}</p>
      <p class="context">${body}</p>`;
  }

  private toggle(marker: number): void {
    const next = new Set(this.expanded);
    if (!next.delete(marker)) next.add(marker);
    this.expanded = next;
  }

  private async revealCitation(marker: number): Promise<void> {
    this.expanded = new Set(this.expanded).add(marker);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#cite-${marker}`)?.focus();
  }

  private async openDrawer(c: Citation, opener: HTMLElement): Promise<void> {
    this.drawerOpener = opener;
    this.drawerCitation = c;
    await this.updateComplete;
    this.drawer.showModal();
    emit(this, 'tg-citation-open', { chunkId: c.chunk_id, documentId: c.document_id, marker: c.marker });
  }

  /** A tap on the backdrop (outside the drawer's box; the dialog is its own target there) closes it, as Escape does. */
  private onDrawerClick(event: MouseEvent): void {
    const box = this.drawer.getBoundingClientRect();
    const isOutside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
    if (event.target === this.drawer && isOutside) this.drawer.close();
  }

  private onDrawerClose(): void {
    this.drawerOpener?.focus();
    this.drawerOpener = null;
  }

  private async sendFeedback(): Promise<void> {
    const reply = this.reply;
    if (!reply) return;
    const { helpful, grounded, comment } = this.feedback;
    this.feedback = { ...this.feedback, sending: true };
    const body = { helpful, grounded, ...(comment ? { comment } : {}) };
    const ok = await this.run((c) => c.post(`/answers/${encodeURIComponent(reply.answer_id)}/feedback`, body),
      () => void this.sendFeedback());
    this.feedback = { ...this.feedback, sending: false, sent: ok !== undefined };
    if (ok !== undefined) emit(this, 'tg-feedback', { answerId: reply.answer_id, helpful, grounded });
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.ask();
  }

  private onKeydown(e: KeyboardEvent): void {
    // Enter asks, Shift+Enter makes a new line — the chat convention learners expect.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.ask();
    }
  }
}
