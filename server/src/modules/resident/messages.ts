import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'resident.code_too_soon': { 'zh-CN': '验证码已发送，请 {seconds} 秒后再试', 'en-US': 'A code was just sent; retry in {seconds} seconds' },
  'resident.code_limit_phone': { 'zh-CN': '该手机号获取验证码次数过多，请 1 小时后再试', 'en-US': 'Too many codes for this number; retry in an hour' },
  'resident.code_wrong': { 'zh-CN': '验证码错误', 'en-US': 'Wrong code' },
  'resident.code_expired': { 'zh-CN': '验证码已失效，请重新获取', 'en-US': 'The code has expired; request a new one' },
  'resident.code_attempts': { 'zh-CN': '验证码错误次数过多，请重新获取', 'en-US': 'Too many wrong codes; request a new one' },
  'resident.not_a_community': { 'zh-CN': '未找到该社区，请重新扫描社区二维码', 'en-US': 'Community not found; scan the community QR code again' },
  'resident.upload_limit': { 'zh-CN': '未提交的图片过多，请先提交诉求', 'en-US': 'Too many images waiting; submit your case first' },
  'resident.qr_level': { 'zh-CN': '只能为社区、网格、小区或楼栋生成二维码', 'en-US': 'QR codes are for communities, grids, compounds and buildings' },
});
