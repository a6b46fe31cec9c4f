/**
 * The bundle entry: registers every `tg-*` element (guarded, so a second copy on the page is harmless).
 * `tg-admin-console` is a small shell here; its console loads as a separate chunk on first use.
 *
 * @example
 * <script type="module" src="https://tg.example.edu/widgets/tutorgraph.js"></script>
 */
import { defineElement } from './internal/define.js';
import { TgProvider } from './components/provider/provider.js';
import { TgAskPanel } from './components/ask-panel/ask-panel.js';
import { TgQuizRunner } from './components/quiz-runner/quiz-runner.js';
import { TgMasteryMeter } from './components/mastery-meter/mastery-meter.js';
import { TgAdminConsole } from './components/admin-console/admin-console.js';
import { lazyElements } from './components/flashcards/lazy-elements.js';

defineElement('tg-provider', TgProvider);
defineElement('tg-ask-panel', TgAskPanel);
defineElement('tg-quiz-runner', TgQuizRunner);
defineElement('tg-mastery-meter', TgMasteryMeter);
defineElement('tg-admin-console', TgAdminConsole);
// Study tools load their chunk only on pages that hold them (the 20 kB initial-JS budget).
lazyElements({
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
