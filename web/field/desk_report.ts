import './field.css';
import { mayAnywhere, type Me } from '../may.ts';
import { defineMessages } from '../i18n.ts';
import type { GridMap } from '../map/grid_map.ts';
import { fieldTransport } from './field_transport.ts';
import { m as fieldMessage } from './messages.ts';
import { Outbox } from './outbox.ts';
import { indexedDbOutbox } from './outbox_store.ts';
import { ReportForm, type Category } from './report_form.ts';

const m = defineMessages({ report: '＋ 上报事件', hint: '在地图上点选事件位置' }, { report: '+ Report an event', hint: 'Click the map to place the event' });

/**
 * The phone's report form on a desk page (the one-map, the command centre): a button in the top
 * bar opens it over the map, a click on the map places the event (drag the pin to adjust), and
 * it is sent like the phone's, through an outbox with a client id. Only for users who may report.
 * Returns whether the form is open, so that the page's own click handling can stand aside.
 */
export function attachDeskReport(map: GridMap, host: HTMLElement, me: Me | null, categories: Category[]): { isOpen: () => boolean } {
  if (!me || !mayAnywhere(me, 'events.report')) return { isOpen: () => false };
  const sheet = document.createElement('section');
  sheet.className = 'sheet desk-report';
  sheet.hidden = true;
  host.classList.add('desk-report-host');
  const toast = document.createElement('div');
  toast.className = 'desk-toast';
  toast.setAttribute('role', 'status');
  toast.hidden = true;
  host.append(sheet, toast);
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'report-button';
  button.textContent = m('report');
  button.title = m('hint');
  document.getElementById('lang')?.before(button);
  const outbox = new Outbox(indexedDbOutbox(me.username), fieldTransport);
  const form = new ReportForm(sheet, {
    map,
    outbox,
    categories,
    reporter: me.username,
    position: () => null,
    atBottom: false,
    onDone: (message, waitingId) => {
      button.disabled = false;
      toast.textContent = message;
      toast.hidden = false;
      // Still on its way when the form closed: the toast says so once it is sent.
      if (waitingId) {
        void outbox.whenSent(waitingId).then(() => {
          toast.textContent = fieldMessage('sent.ok');
          toast.hidden = false;
        });
      }
    },
    onCancel: () => {
      button.disabled = false;
    },
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    toast.hidden = true;
    form.open();
  });
  map.onAreaClick((_area, lngLat) => {
    if (form.isOpen) form.tapAt(lngLat);
  });
  void outbox.flush();
  return { isOpen: () => form.isOpen };
}
