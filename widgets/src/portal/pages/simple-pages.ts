import { html, type TemplateResult } from 'lit';

export function notFoundPage(onHome: () => void): TemplateResult {
  return html`<main id="main" tabindex="-1"><h1>Page not found</h1>
    <section class="card"><p>There is nothing at this address.</p><button @click=${onHome}>Go to the dashboard</button></section></main>`;
}

export function noAccessPage(onHome: () => void): TemplateResult {
  return html`<main id="main" tabindex="-1"><h1>No access</h1>
    <section class="card"><p>Your role in this organisation does not include this page. Ask an administrator if you need it.</p>
    <button @click=${onHome}>Go to the dashboard</button></section></main>`;
}
