/**
 * Server-side messages. The console and the resident pages show these texts
 * verbatim, so every problem carries a human sentence in the caller's language
 * (zh-CN unless the request prefers English).
 */
export type Locale = 'zh-CN' | 'en-US';

export function localeOf(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

type Catalog = Record<string, { 'zh-CN': string; 'en-US': string }>;

const messages = {
  // HTTP and validation
  bad_request: { 'zh-CN': '请求有误', 'en-US': 'Bad request' },
  validation_failed: { 'zh-CN': '提交的数据有误，请检查标出的字段', 'en-US': 'Some fields are invalid' },
  malformed_json: { 'zh-CN': '请求内容不是有效的 JSON', 'en-US': 'The request body is not valid JSON' },
  body_too_large: { 'zh-CN': '请求内容过大（上限 {limit}）', 'en-US': 'The request body is too large (limit {limit})' },
  unsupported_media_type: { 'zh-CN': '不支持的内容类型', 'en-US': 'Unsupported content type' },
  not_found: { 'zh-CN': '未找到该资源', 'en-US': 'Not found' },
  route_not_found: { 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' },
  internal_error: { 'zh-CN': '服务器内部错误，请稍后重试', 'en-US': 'Internal server error, please retry later' },
  version_conflict: { 'zh-CN': '该记录已被他人修改，请刷新后重试', 'en-US': 'The record was changed by someone else; reload and retry' },
  too_many_requests: { 'zh-CN': '操作过于频繁，请稍后再试', 'en-US': 'Too many attempts, please wait and retry' },
  // field-level
  'field.required': { 'zh-CN': '必填', 'en-US': 'is required' },
  'field.unknown': { 'zh-CN': '不允许的字段', 'en-US': 'is not an allowed field' },
  'field.type': { 'zh-CN': '类型应为 {type}', 'en-US': 'must be of type {type}' },
  'field.type.integer': { 'zh-CN': '应为整数', 'en-US': 'must be a whole number' },
  'field.type.number': { 'zh-CN': '应为数字', 'en-US': 'must be a number' },
  'field.type.string': { 'zh-CN': '应为文字', 'en-US': 'must be text' },
  'field.type.boolean': { 'zh-CN': '应为是或否（true / false）', 'en-US': 'must be true or false' },
  'field.type.array': { 'zh-CN': '应为列表', 'en-US': 'must be a list' },
  'field.type.object': { 'zh-CN': '应为对象', 'en-US': 'must be an object' },
  'field.min_length': { 'zh-CN': '至少 {limit} 个字符', 'en-US': 'must have at least {limit} characters' },
  'field.max_length': { 'zh-CN': '最多 {limit} 个字符', 'en-US': 'must have at most {limit} characters' },
  'field.minimum': { 'zh-CN': '不能小于 {limit}', 'en-US': 'must be at least {limit}' },
  'field.maximum': { 'zh-CN': '不能大于 {limit}', 'en-US': 'must be at most {limit}' },
  'field.min_items': { 'zh-CN': '至少 {limit} 项', 'en-US': 'must have at least {limit} items' },
  'field.max_items': { 'zh-CN': '最多 {limit} 项', 'en-US': 'must have at most {limit} items' },
  'field.pattern': { 'zh-CN': '格式不正确', 'en-US': 'has an invalid format' },
  'field.format': { 'zh-CN': '格式不正确（应为 {format}）', 'en-US': 'must look like {format}' },
  'field.enum': { 'zh-CN': '取值不在允许范围内', 'en-US': 'is not one of the allowed values' },
  'field.invalid': { 'zh-CN': '取值无效', 'en-US': 'is invalid' },
  'field.blank': { 'zh-CN': '不能为空白', 'en-US': 'must not be blank' },
  'field.year_range': { 'zh-CN': '年份应在 1900—2999 之间', 'en-US': 'must be a year from 1900 to 2999' },
  'field.nul': { 'zh-CN': '不能包含空字符（U+0000）', 'en-US': 'must not contain the NUL character (U+0000)' },
  // auth
  not_authenticated: { 'zh-CN': '请先登录', 'en-US': 'Please log in' },
  session_expired: { 'zh-CN': '登录已过期，请重新登录', 'en-US': 'Your session has expired, please log in again' },
  forbidden: { 'zh-CN': '没有权限执行此操作', 'en-US': 'You are not allowed to do this' },
  csrf_failed: { 'zh-CN': '请求校验失败，请刷新页面后重试', 'en-US': 'Request verification failed; reload the page and retry' },
  bad_credentials: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  account_locked: {
    'zh-CN': '密码连续错误次数过多，账号已锁定，请 {minutes} 分钟后再试',
    'en-US': 'Too many wrong passwords; the account is locked for {minutes} more minutes',
  },
  account_disabled: { 'zh-CN': '账号已停用', 'en-US': 'This account is disabled' },
  password_weak: {
    'zh-CN': '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名',
    'en-US': 'Passwords need 8+ characters from at least three of: upper case, lower case, digits, symbols, and must not contain the username',
  },
  password_wrong: { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' },
  password_reused: { 'zh-CN': '新密码不能与当前密码相同', 'en-US': 'The new password must differ from the current one' },
} satisfies Catalog;

export type MessageKey = keyof typeof messages;
const catalog: Catalog = messages;

/** Modules add their own messages at import time; keys are namespaced by module. */
export function defineMessages<K extends string>(extra: Record<K, { 'zh-CN': string; 'en-US': string }>): Record<K, K> {
  const keys = {} as Record<K, K>;
  for (const key of Object.keys(extra) as K[]) {
    if (catalog[key]) throw new Error(`Message key defined twice: ${key}`);
    catalog[key] = extra[key];
    keys[key] = key;
  }
  return keys;
}

export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const entry = catalog[key];
  const template = entry ? entry[locale] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
