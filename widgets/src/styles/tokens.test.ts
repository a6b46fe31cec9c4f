import { expect } from 'chai';
import { emulateMedia } from '@web/test-runner-commands';
import { $, mount, unmountAll } from '../../test/helpers.js';

describe('design tokens', () => {
  afterEach(async () => { unmountAll(); await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }); });

  it('when the host page sets --tg-sys-color-primary, then the elements use it', async () => {
    const el = await mount<HTMLElement>('<tg-ask-panel style="--tg-sys-color-primary: rgb(200, 0, 100)" api-base="https://x.test" course-id="c"></tg-ask-panel>');
    expect(getComputedStyle($(el, 'button[type=submit]')!).backgroundColor).to.equal('rgb(200, 0, 100)');
  });

  it('when the OS prefers dark and no theme is set, then the dark surface applies; theme="light" overrides it', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const dark = await mount<HTMLElement>('<tg-mastery-meter></tg-mastery-meter>');
    const light = await mount<HTMLElement>('<tg-mastery-meter theme="light"></tg-mastery-meter>');
    expect(getComputedStyle(dark).backgroundColor).to.equal('rgb(22, 24, 29)');
    expect(getComputedStyle(light).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('when the user prefers reduced motion, then the spinner does not spin', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await mount<HTMLElement>('<tg-admin-console></tg-admin-console>');
    const spinner = $(el, '.spinner');
    // The shell shows its spinner until the lazy chunk arrives; check it if we caught it, else check the rule.
    const probe = spinner ?? el.shadowRoot!.appendChild(Object.assign(document.createElement('span'), { className: 'spinner' }));
    expect(getComputedStyle(probe).animationName).to.equal('none');
  });
});
