import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { DocumentInfo, ListResponse } from '../../../api/api-types.js';
import { emit } from '../../../events/events.js';
import { strings } from '../../../i18n/strings.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { confirmBox, formatTime } from './confirm.js';
import { isLive, jobState, statusBadge } from './job-status.js';

interface Upload { name: string; loaded: number; total: number }
type Action = 'retry' | 'cancel' | 'reindex' | 'delete';

/**
 * Course documents: upload by drag-and-drop or picker (XHR, with progress), a list whose status badges stay
 * live while jobs run, a detail row (attempts, last error, next retry) and retry / cancel / reindex / delete.
 *
 * @example
 * <tg-admin-documents course-id="c1"></tg-admin-documents>
 */
export class TgAdminDocuments extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  /** Milliseconds between status polls while any job is live. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 3000;

  @state() protected documents?: DocumentInfo[];
  @state() protected uploads: Upload[] = [];
  @state() protected openDetail?: string;
  @state() protected pending?: { action: Action; doc: DocumentInfo };
  @state() protected isDragOver = false;
  private poll: ReturnType<typeof setTimeout> | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A new interval applies at once, not after the poll already waiting.
    if (changed.has('pollInterval') && this.poll !== undefined) this.reload({ quiet: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  protected override reload(options: { quiet?: boolean } = {}): void {
    if (!this.course) return;
    clearTimeout(this.poll);
    this.poll = undefined;
    const path = `/courses/${encodeURIComponent(this.course)}/documents`;
    void this.run((c) => c.get<ListResponse<DocumentInfo>>(path), () => this.reload(), options).then((list) => {
      if (!list) return;
      this.documents = list.items ?? [];
      if (this.documents.some(isLive) && this.isConnected) this.poll = setTimeout(() => this.reload({ quiet: true }), this.pollInterval);
    });
  }

  /** Uploads files one after another, each with its own progress bar. */
  async uploadFiles(files: File[]): Promise<void> {
    if (!this.course) return;
    const path = `/courses/${encodeURIComponent(this.course)}/documents`;
    for (const file of files) {
      const upload: Upload = { name: file.name, loaded: 0, total: file.size };
      this.uploads = [...this.uploads, upload];
      const form = new FormData();
      form.append('file', file);
      const doc = await this.run((c) => c.upload<DocumentInfo>(path, form, (loaded, total) => {
        upload.loaded = loaded;
        upload.total = total || upload.total;
        this.uploads = [...this.uploads];
      }), () => void this.uploadFiles([file]));
      this.uploads = this.uploads.filter((u) => u !== upload);
      if (doc) emit(this, 'tg-upload', { documentId: doc.id, title: doc.title });
    }
    this.reload({ quiet: true });
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    // No upload zone until the list loaded: after a 403 or an expired session it could only fail.
    return html`
      <div class="drop ${this.isDragOver ? 'over' : ''}" ?hidden=${!this.documents} @dragover=${this.onDragOver} @dragleave=${() => { this.isDragOver = false; }}
        @drop=${this.onDrop}>
        ${s.dropZone} <button type="button" class="link" @click=${this.pick}>${s.pickFiles}</button>
        <input type="file" multiple hidden aria-hidden="true" tabindex="-1"
          accept=".pdf,.docx,.pptx,.html,.htm,.md,.markdown,.txt" @change=${this.onPicked}>
      </div>
      ${this.uploads.map((u) => html`<p><label>${s.uploading(u.name)}
        <progress max=${u.total || 1} value=${u.loaded}></progress></label></p>`)}
      ${this.renderStatus()}
      ${this.pending ? confirmBox(this.pending.action === 'delete' ? s.confirmDelete(this.pending.doc.title)
        : s.confirmAction(this.actionLabel(this.pending.action), this.pending.doc.title),
        () => void this.perform(), () => { this.pending = undefined; }) : nothing}
      ${this.documents ? this.renderTable(this.documents) : nothing}`;
  }

  private renderTable(docs: DocumentInfo[]): TemplateResult {
    const s = adminStrings;
    if (!docs.length) return html`<p class="muted">${s.noDocuments}</p>`;
    return html`<table aria-label=${s.tabs.documents}>
      <thead><tr><th scope="col">${s.columns.title}</th><th scope="col">${s.columns.status}</th><th scope="col">${s.columns.chunks}</th><th scope="col"><span class="visually-hidden">${s.columns.actions}</span></th></tr></thead>
      <tbody>${docs.map((d) => html`<tr>
          <td>${d.title}<br><span class="muted">${d.format}${d.file_name ? ` · ${d.file_name}` : ''}</span></td>
          <td>${statusBadge(d)}</td>
          <td>${d.chunk_count ?? 0}</td>
          <td><div class="row">${this.renderActions(d)}</div></td>
        </tr>${this.openDetail === d.id ? this.renderDetail(d) : nothing}`)}</tbody>
    </table>`;
  }

  private renderActions(d: DocumentInfo): TemplateResult {
    const s = adminStrings;
    const state = jobState(d).split(':')[0];
    const can = (action: Action) => action === 'delete'
      || (action === 'retry' && ['failed', 'dead_lettered', 'cancelled', 'stalled'].includes(state ?? ''))
      || (action === 'cancel' && ['queued', 'running', 'retry_scheduled', 'stalled'].includes(state ?? ''))
      || (action === 'reindex' && state === 'succeeded');
    const detailOpen = this.openDetail === d.id;
    return html`<button type="button" aria-expanded=${detailOpen ? 'true' : 'false'} aria-label="${s.details}: ${d.title}"
        @click=${() => { this.openDetail = detailOpen ? undefined : d.id; }}>${s.details}</button>
      ${(['retry', 'cancel', 'reindex', 'delete'] as const).filter(can).map((action) => html`<button type="button"
        aria-label="${this.actionLabel(action)}: ${d.title}" @click=${() => void this.ask(action, d)}>${this.actionLabel(action)}</button>`)}`;
  }

  private renderDetail(d: DocumentInfo): TemplateResult {
    const s = adminStrings;
    const job = d.job;
    return html`<tr><td colspan="4"><dl class="detail">
      <dt>${s.columns.status}</dt><dd>${jobState(d)}</dd>
      ${job ? html`<dt>${s.attempts(job.attempts, job.max_attempts)}</dt><dd>${formatTime(job.updated_at)}</dd>
        <dt>${s.lastError}</dt><dd>${job.last_error ?? '—'}</dd>
        <dt>${s.nextRetry}</dt><dd>${formatTime(job.next_retry_at)}</dd>` : nothing}
    </dl></td></tr>`;
  }

  private actionLabel(action: Action): string {
    const s = adminStrings;
    return { retry: s.retryJob, cancel: s.cancelJob, reindex: s.reindex, delete: strings.common.delete }[action];
  }

  private async ask(action: Action, doc: DocumentInfo): Promise<void> {
    this.pending = { action, doc };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-confirm]')?.focus();
  }

  private async perform(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const id = encodeURIComponent(pending.doc.id);
    const ok = await this.run((c) => pending.action === 'delete' ? c.delete(`/documents/${id}`)
      : c.post(`/documents/${id}/${pending.action}`), () => { this.pending = pending; void this.perform(); });
    if (ok !== undefined) this.reload({ quiet: true });
  }

  private pick(): void { this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click(); }

  private onPicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    void this.uploadFiles([...(input.files ?? [])]);
    input.value = '';
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.isDragOver = true;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.isDragOver = false;
    void this.uploadFiles([...(e.dataTransfer?.files ?? [])]);
  }
}
