import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'open311.key_required': { 'zh-CN': '缺少或无效的 api_key', 'en-US': 'api_key is missing or invalid' },
  'open311.rate_limited': { 'zh-CN': '该密钥提交过于频繁（每分钟最多 {limit} 件），请稍后再试', 'en-US': 'Too many requests for this key (at most {limit} a minute); retry later' },
  'open311.service_unknown': { 'zh-CN': 'service_code “{code}” 不存在或已停用', 'en-US': 'service_code "{code}" is unknown or disabled' },
  'open311.request_unknown': { 'zh-CN': '找不到该诉求', 'en-US': 'No such service request' },
  'open311.token_unknown': { 'zh-CN': '找不到该 token', 'en-US': 'No such token' },
  'open311.jurisdiction_unknown': { 'zh-CN': 'jurisdiction_id “{id}” 不是本平台的城市', 'en-US': 'jurisdiction_id "{id}" is not served here' },
  'open311.location_required': {
    'zh-CN': '请提供位置：lat 和 long、address_id 或 address_string',
    'en-US': 'A location is required: lat and long, address_id or address_string',
  },
  'open311.location_unresolved': {
    'zh-CN': '无法确定诉求所在社区：请提供本密钥范围内的 address_id（区划节点编号或 12 位区划代码），或落在已绘制网格内的坐标',
    'en-US': "Cannot place the request in a community: give an address_id (territory node id or 12-digit code) inside this key's area, or coordinates inside a mapped grid",
  },
  'open311.address_outside': { 'zh-CN': 'address_id 不在本密钥可提交的范围内', 'en-US': "address_id is outside this key's area" },
  'open311.description_required': { 'zh-CN': '请填写 description（问题描述）', 'en-US': 'description is required' },
  'open311.phone_invalid': { 'zh-CN': 'phone 须为 11 位手机号', 'en-US': 'phone must be a mainland mobile number (11 digits)' },
  'open311.attribute_invalid': { 'zh-CN': '属性 {code} 的取值无效', 'en-US': 'Invalid value for attribute {code}' },
  'open311.key_territory_out_of_scope': { 'zh-CN': '只能为本人管辖范围内的区划创建密钥', 'en-US': 'Keys can only be scoped to nodes inside your own area' },
});
