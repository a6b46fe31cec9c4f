/**
 * The bundle entry: registers every `tg-*` element (guarded, so a second copy on the page is harmless).
 * `tg-admin-console` is a small shell here; its console loads as a separate chunk on first use, and the other
 * elements load theirs when a page first holds one (see lazyElements).
 *
 * @example
 * <script type="module" src="https://tg.example.edu/widgets/tutorgraph.js"></script>
 */
import { defineElement } from './internal/define.js';
import { setStrings, strings, type TgStringOverrides } from './i18n/strings.js';
import { TgProvider } from './components/provider/provider.js';
import { TgAskPanel } from './components/ask-panel/ask-panel.js';
import type { TgQuizRunner } from './components/quiz-runner/quiz-runner.js';
import type { TgMasteryMeter } from './components/mastery-meter/mastery-meter.js';
import { TgAdminConsole } from './components/admin-console/admin-console.js';
import { lazyElements } from './components/flashcards/lazy-elements.js';

// Localisation from the served bundle: strings set before the script tag (`window.TutorGraphStrings = {…}`) apply
// before any element renders; `window.TutorGraph.setStrings({…})` works afterwards for elements rendered later.
const page = globalThis as { TutorGraphStrings?: TgStringOverrides; TutorGraph?: unknown };
if (page.TutorGraphStrings) setStrings(page.TutorGraphStrings);
page.TutorGraph ??= { setStrings, strings };
export { setStrings, strings };

defineElement('tg-provider', TgProvider);
defineElement('tg-ask-panel', TgAskPanel);
defineElement('tg-admin-console', TgAdminConsole);
// Everything but the provider, the ask panel and the admin console's shell loads its chunk only on pages that hold
// it (the 20 kB initial-JS budget is what a page with only the ask panel fetches). The quiz runner's results show a
// mastery meter inside its shadow root, where no page scan finds it, so its loader defines the meter too.
const defineMasteryMeter = async () => defineElement('tg-mastery-meter', (await import('./components/mastery-meter/mastery-meter.js')).TgMasteryMeter);
lazyElements({
  'tg-mastery-meter': defineMasteryMeter,
  'tg-quiz-runner': async () => {
    const [{ TgQuizRunner: runner }] = await Promise.all([import('./components/quiz-runner/quiz-runner.js'), defineMasteryMeter()]);
    defineElement('tg-quiz-runner', runner);
  },
  'tg-flashcards': () => import('./components/flashcards/flashcards.js'),
  'tg-study-notes': () => import('./components/study-notes/study-notes.js'),
  'tg-course-console': () => import('./components/course-console/course-console.js'),
});

declare global {
  interface HTMLElementTagNameMap {
    'tg-provider': TgProvider;
    'tg-ask-panel': TgAskPanel;
    'tg-quiz-runner': TgQuizRunner;
    'tg-mastery-meter': TgMasteryMeter;
    'tg-admin-console': TgAdminConsole;
  }
}
