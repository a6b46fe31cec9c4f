// The page the accessibility check and the screenshots open: `?scenario=<id>` renders one state of one element.
import { runScenario, SCENARIOS } from './a11y-scenarios.js';

declare global { interface Window { tgScenarios: string[]; tgReady?: boolean; tgError?: string } }

window.tgScenarios = SCENARIOS.map((s) => s.id);
const id = new URLSearchParams(location.search).get('scenario');
const scenario = SCENARIOS.find((s) => s.id === id);
if (scenario) {
  runScenario(scenario, document.getElementById('stage')!)
    .then(() => { window.tgReady = true; })
    .catch((e: unknown) => { window.tgError = String(e); });
}
