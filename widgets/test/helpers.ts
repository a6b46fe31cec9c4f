/**
 * Small helpers for the browser tests: mount an element, wait for a condition, look inside shadow roots.
 *
 * @example
 * const el = await mount<TgAskPanel>('<tg-ask-panel api-base="/api" course-id="c1"></tg-ask-panel>');
 */
import '../src/tutorgraph.js';
import { defineElement } from '../src/internal/define.js';
import { TgMasteryMeter } from '../src/components/mastery-meter/mastery-meter.js';
import { TgQuizRunner } from '../src/components/quiz-runner/quiz-runner.js';
import type { LitElement } from 'lit';

// The bundle entry loads these elements lazily when a page first holds one (bundle-smoke tests that); component
// tests mount them directly, so they are defined up front here.
defineElement('tg-mastery-meter', TgMasteryMeter);
defineElement('tg-quiz-runner', TgQuizRunner);

const mounted: HTMLElement[] = [];

/** Renders `markup` into the document and waits for the first element's first update. */
export async function mount<T extends HTMLElement>(markup: string): Promise<T> {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  mounted.push(host);
  const el = host.firstElementChild as T;
  await (el as unknown as LitElement).updateComplete;
  return el;
}

/** Removes everything {@link mount} added. */
export function unmountAll(): void {
  for (const host of mounted.splice(0)) host.remove();
}

/** Polls until `check` returns a truthy value (or throws with `what` after `timeoutMs`). */
export async function waitFor<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** querySelector inside an element's shadow root. */
export function $<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  return el.shadowRoot?.querySelector<T>(selector) ?? null;
}

/** All matches inside an element's shadow root. */
export function $$<T extends Element = HTMLElement>(el: Element, selector: string): T[] {
  return [...(el.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

/** Visible text of an element's shadow root, whitespace collapsed. */
export function textOf(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
