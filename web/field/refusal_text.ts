import { defineMessages } from '../i18n.ts';

const m = defineMessages(
  {
    400: '内容有误，服务器未接受',
    401: '登录已过期，请重新登录后再发送',
    403: '您的角色无权进行此操作',
    404: '找不到该事件，或不在您负责的范围内',
    409: '事件状态已变化（可能已被他人处理），此操作未执行',
    413: '照片太大，未能发送',
    415: '文件类型不支持：只能上传 JPEG、PNG 或 WebP 照片',
    429: '操作太频繁，稍后自动重试',
    500: '服务器暂时无法处理，稍后自动重试',
    offline: '网络不通，联网后自动发送',
  },
  {
    400: 'The server did not accept what was sent',
    401: 'Your sign-in has expired: sign in again to send it',
    403: 'Your role does not allow this',
    404: 'No such event, or not in your area',
    409: 'The event has moved on (perhaps someone else acted on it): this step was not applied',
    413: 'The photo is too large to send',
    415: 'Not a photo this server takes: JPEG, PNG or WebP only',
    429: 'Too many requests: it will be retried',
    500: 'The server could not answer: it will be retried',
    offline: 'No network: it will be sent when the network is back',
  },
);

/**
 * A refusal (or failure) as a sentence in the user's language, by HTTP status (0: no answer at
 * all). The server's own message, in English and technical, goes beside it (a tooltip), never in
 * its place in the Chinese interface.
 *
 *   refusalText(409)  // → '事件状态已变化（可能已被他人处理），此操作未执行' (zh-CN)
 */
export function refusalText(status: number): string {
  if (status === 0) return m('offline');
  if (status >= 500) return m('500');
  const key = (['400', '401', '403', '404', '409', '413', '415', '429'] as const).find((s) => Number(s) === status) ?? '400';
  return m(key);
}
