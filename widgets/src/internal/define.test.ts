import { expect } from 'chai';
import { defineElement } from './define.js';
import '../tutorgraph.js';

describe('defineElement', () => {
  it('when a tag is already registered (a second bundle copy), then it keeps the first and does not throw', () => {
    const first = customElements.get('tg-ask-panel');
    expect(first).to.not.equal(undefined);
    expect(() => defineElement('tg-ask-panel', class extends HTMLElement {})).to.not.throw();
    expect(customElements.get('tg-ask-panel')).to.equal(first);
  });

  it('when a tag is new, then it registers it', () => {
    class TgProbe extends HTMLElement {}
    defineElement('tg-define-probe', TgProbe);
    expect(customElements.get('tg-define-probe')).to.equal(TgProbe);
  });
});
