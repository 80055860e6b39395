import { esc } from '../api.ts';
import { m } from './messages.ts';

/**
 * Asks for the reason to publish in a modal dialog; resolves with it, or null when cancelled.
 * Publishing without a reason is not offered: the version record says why.
 */
export function askPublishReason(dialog: HTMLDialogElement, planName: string): Promise<string | null> {
  dialog.innerHTML = `
    <form method="dialog" class="stack">
      <h3>${esc(m('publish.title'))}：${esc(planName)}</h3>
      <p class="muted">${esc(m('publish.intro'))}</p>
      <label>${esc(m('publish.reason'))}<textarea name="reason" rows="3" required></textarea></label>
      <menu>
        <button type="submit" value="cancel" formnovalidate>${esc(m('publish.cancel'))}</button>
        <button type="submit" value="publish" class="primary">${esc(m('publish.confirm'))}</button>
      </menu>
    </form>`;
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        const reason = (dialog.querySelector('textarea') as HTMLTextAreaElement).value.trim();
        resolve(dialog.returnValue === 'publish' && reason ? reason : null);
      },
      { once: true },
    );
  });
}
