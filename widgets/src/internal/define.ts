/**
 * Registers a custom element unless that tag already exists — two copies of the bundle on one page (an LMS
 * theme plus a course page, say) must not throw "already been used with this registry".
 *
 * @example
 * defineElement('tg-ask-panel', TgAskPanel);
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}
