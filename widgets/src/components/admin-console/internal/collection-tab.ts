import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { CourseInfo, ListResponse } from '../../../api/api-types.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';

/**
 * What the admin tabs that list one collection of the organisation share (API keys, invites, members): load the
 * list — and the courses, where an item can name one — ask before removing an item, then delete it. A subclass
 * names the collection's path and an item's id, and renders.
 *
 * @example
 * class TgAdminInvites extends TgAdminCollectionTab<Invite> {
 *   protected override get base() { return `/tenants/${this.tenantId}/invites`; }
 *   protected override idOf(invite: Invite) { return invite.id; }
 * }
 */
export abstract class TgAdminCollectionTab<T> extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  /** The collection, once loaded. */
  @state() protected items?: T[];
  /** Courses an item can name (loaded only when `coursesFallback` is set). */
  @state() protected courses: CourseInfo[] = [];
  /** The item waiting for the admin's confirm. */
  @state() protected removing?: T;

  /** The collection's path, e.g. `/tenants/t1/invites`. */
  protected abstract get base(): string;
  /** An item's id in its path. */
  protected abstract idOf(item: T): string;
  /** When set, the tab lists the courses too; a failure to list them is logged with this (what happens instead). */
  protected coursesFallback: string | undefined;

  protected override reload(): void {
    if (!this.tenantId) return;
    void this.run((c) => c.get<ListResponse<T>>(this.base), () => this.reload())
      .then((r) => { if (r) this.items = r.items; });
    if (this.coursesFallback) void this.loadCourses(this.coursesFallback);
  }

  /** Optional: without the courses the form still works (see `coursesFallback`). */
  private async loadCourses(fallback: string): Promise<void> {
    try {
      this.courses = (await this.client?.get<ListResponse<CourseInfo>>('/courses'))?.items ?? [];
    } catch (cause) {
      this.courses = [];
      console.warn(`${this.localName}: could not list courses; ${fallback}`, cause);
    }
  }

  /** Shows the confirm step for `item` and moves focus to its Confirm button. */
  protected async askRemove(item: T): Promise<void> {
    this.removing = item;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-confirm]')?.focus();
  }

  /** Deletes the item waiting for confirm; returns it once the server has, else undefined (the error is shown). */
  protected async removeConfirmed(): Promise<T | undefined> {
    const item = this.removing;
    if (!item) return undefined;
    this.removing = undefined;
    const ok = await this.run((c) => c.delete(`${this.base}/${encodeURIComponent(this.idOf(item))}`), () => this.reload());
    return ok === undefined ? undefined : item;
  }
}
