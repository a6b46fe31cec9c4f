// Entry of the demo portal bundle: the widgets plus the portal shell.
import '../tutorgraph.js';
import { defineElement } from '../internal/define.js';
import { TgMasteryMeter } from '../components/mastery-meter/mastery-meter.js';
import { TgQuizRunner } from '../components/quiz-runner/quiz-runner.js';
import './portal-app.js';

// The portal renders these inside its own shadow root, where the bundle's lazy loader cannot see them: define them now.
defineElement('tg-mastery-meter', TgMasteryMeter);
defineElement('tg-quiz-runner', TgQuizRunner);
