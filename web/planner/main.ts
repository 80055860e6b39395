import '../style.css';
import './planner.css';
import { currentLang, setLang, t } from '../i18n.ts';
import { renderNav, areaParam } from '../nav.ts';
import { m } from './messages.ts';
import { planClient } from './plan_client.ts';
import { renderPlanList } from './plan_list.ts';
import { PlanMap } from './plan_map.ts';
import { PlanEditor } from './editor.ts';
import type { Plan } from './plan_types.ts';

const $ = (id: string) => document.getElementById(id)!;

/**
 * The planner page: `?area=CODE` lists that area's drafts and offers a new one; `?plan=ID` opens a
 * draft on the map with the edit tools, the live check and the comparison with what is published.
 */
async function start(): Promise<void> {
  setLang(currentLang());
  const status = $('status');
  let editor: PlanEditor | null = null;
  let list: (() => Promise<void>) | null = null;
  const renderStatic = () => {
    $('title').textContent = m('title');
    document.title = m('title');
    $('lang').textContent = t('lang.switch');
    renderNav($('nav'), 'planner');
  };
  renderStatic();
  $('lang').addEventListener('click', () => {
    setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
    renderStatic();
    editor?.render();
    void list?.();
  });
  const fail = (err: unknown) => {
    if (editor) void editor.fail(err);
    else status.textContent = m('error', { message: err instanceof Error ? err.message : String(err) });
  };
  const params = new URLSearchParams(location.search);
  const planId = params.get('plan');
  const root = areaParam();
  status.textContent = m('loading');
  const map = new PlanMap($('map'));
  (window as unknown as { planMap: PlanMap }).planMap = map;

  const openPlan = async (plan: Plan) => {
    if (String(plan.id) !== planId) history.replaceState(null, '', `?plan=${encodeURIComponent(String(plan.id))}`);
    list = null;
    $('toolbar').hidden = false;
    $('panel').hidden = false;
    map.map.resize();
    await map.loaded();
    editor = new PlanEditor(
      { toolbar: $('toolbar'), side: $('plan'), tally: $('tally'), diff: $('diff'), conflict: $('conflict'), status, dialog: $('publish-dialog') as HTMLDialogElement },
      map,
      plan,
    );
    (window as unknown as { planner: PlanEditor }).planner = editor;
    await editor.open();
    status.textContent = '';
    document.body.dataset.rev = String(plan.rev);
    document.body.dataset.ready = 'plan';
  };

  try {
    if (planId) await openPlan(await planClient.get(planId));
    else if (root) {
      const area = await fetch(`/api/areas/${encodeURIComponent(root)}`).then((r) => (r.ok ? r.json() : { name: root }));
      list = () => renderPlanList($('plan'), root, area.name ?? root, (p) => void openPlan(p).catch(fail), fail);
      await list();
      status.textContent = '';
      document.body.dataset.ready = 'list';
    } else {
      $('plan').innerHTML = `<p>${m('noRoot')}</p>`;
      status.textContent = '';
      document.body.dataset.ready = 'none';
    }
  } catch (err) {
    fail(err);
    document.body.dataset.ready = 'error';
  }
}

void start();
