/**
 * Public face of `@tutorgraph/widgets`: importing it registers the elements; the exports are for typed use.
 *
 * @example
 * import { ApiClient, strings, type TgEvent } from '@tutorgraph/widgets';
 */
import './tutorgraph.js';

export { TgProvider } from './components/provider/provider.js';
export { TgAskPanel } from './components/ask-panel/ask-panel.js';
export { TgQuizRunner } from './components/quiz-runner/quiz-runner.js';
export { TgMasteryMeter } from './components/mastery-meter/mastery-meter.js';
export { TgAdminConsole } from './components/admin-console/admin-console.js';
export { TgFlashcards } from './components/flashcards/flashcards.js';
export { TgStudyNotes } from './components/study-notes/study-notes.js';
export { ApiClient, type ApiClientOptions } from './api/api-client.js';
export { ApiError, type ErrorKind } from './api/api-error.js';
export type * from './api/api-types.js';
export { sessionContext, type TgSession } from './context/session-context.js';
export { emit, type TgEvent, type TgEventDetails, type TgEventName } from './events/events.js';
export { strings, setStrings, type TgStrings } from './i18n/strings.js';
export { defineElement } from './internal/define.js';
