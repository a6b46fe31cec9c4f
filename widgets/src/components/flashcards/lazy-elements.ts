/**
 * Registers elements whose code loads only when a page holds one: the bundle's entry stays within its size
 * budget however many such elements there are. The element's module defines it when it loads, and the browser
 * then upgrades every instance already on the page. Instances are found in the light DOM (the LTI pages, a
 * host page); code that creates one inside a shadow root imports the element's module (the package exports it).
 *
 * @example
 * lazyElements({ 'tg-flashcards': () => import('./components/flashcards/flashcards.js') });
 */
export function lazyElements(loaders: Record<string, () => Promise<unknown>>): void {
  const pending = new Map(Object.entries(loaders));
  const scan = (): void => {
    for (const [tag, load] of pending) {
      if (!customElements.get(tag) && !document.querySelector(tag)) continue;
      pending.delete(tag);
      if (customElements.get(tag)) continue;
      load().catch((cause: unknown) => { pending.set(tag, load); console.error(`${tag}: could not load its chunk`, cause); });
    }
    if (pending.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(scan);
  observer.observe(document, { childList: true, subtree: true });
  scan();
}
