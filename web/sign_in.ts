import { currentLang, defineMessages, setLang } from './i18n.ts';
import { safeNext } from './sign_in_next.ts';

const m = defineMessages(
  {
    title: '登录网格通',
    username: '用户名',
    password: '密码',
    submit: '登录',
    busy: '正在登录…',
    lang: 'English',
    empty: '请输入用户名和密码',
    failed: '登录失败：{message}',
    hint: '内置演示库的各角色用户及密码，服务器启动时会打印在终端。',
  },
  {
    title: 'Sign in to Gridwork',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    lang: '中文',
    empty: 'Enter your username and password',
    failed: 'Sign-in failed: {message}',
    hint: 'With the embedded demo, the server prints a user for each role and their password when it starts.',
  },
);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render(): void {
  document.title = `${m('title')} · Gridwork`;
  $('title').textContent = m('title');
  $('username-label').textContent = m('username');
  $('password-label').textContent = m('password');
  $('submit').textContent = m('submit');
  $('lang').textContent = m('lang');
  $('hint').textContent = m('hint');
}

setLang(currentLang());
render();
$('lang').addEventListener('click', () => {
  setLang(currentLang() === 'en' ? 'zh-CN' : 'en');
  render();
});

$<HTMLFormElement>('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = $('error');
  const submit = $<HTMLButtonElement>('submit');
  const username = $<HTMLInputElement>('username').value.trim();
  const password = $<HTMLInputElement>('password').value;
  if (!username || !password) {
    error.textContent = m('empty');
    return;
  }
  submit.disabled = true;
  submit.textContent = m('busy');
  try {
    // The server answers with the token and sets the gridwork_token cookie that every page and
    // tile request then carries.
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.ok) {
      location.replace(safeNext(location.search));
      return;
    }
    const body = await res.json().catch(() => ({}));
    error.textContent = m('failed', { message: body.message ?? `${res.status} ${res.statusText}` });
  } catch (err) {
    error.textContent = m('failed', { message: err instanceof Error ? err.message : String(err) });
  }
  submit.disabled = false;
  submit.textContent = m('submit');
});
