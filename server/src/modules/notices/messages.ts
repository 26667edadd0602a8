import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'notice.not_objectable': { 'zh-CN': '该公告不接受异议', 'en-US': 'This notice does not take objections' },
  'notice.period_over': { 'zh-CN': '公示期已结束（{endsAt}），不能再提出异议', 'en-US': 'The notice period has ended ({endsAt}); objections are closed' },
  'notice.not_started': { 'zh-CN': '公示尚未开始', 'en-US': 'The notice period has not started' },
  'notice.unknown_item': { 'zh-CN': '请选择公示名单中的一项', 'en-US': 'Choose an item of the notice' },
  'notice.objection_limit': { 'zh-CN': '该手机号 24 小时内提出的异议已达上限，请稍后再试或联系社区', 'en-US': 'Too many objections from this phone in 24 hours' },
  'notice.objection_decided': { 'zh-CN': '该异议已作出认定', 'en-US': 'This objection has already been decided' },
  'notice.finding_required': { 'zh-CN': '请填写核实情况和认定理由', 'en-US': 'Describe the finding and its reason' },
  'notice.not_open': { 'zh-CN': '该公告已结束或已撤回', 'en-US': 'This notice is already closed or withdrawn' },
  'notice.withdraw_subject': { 'zh-CN': '任前公示随委员产生流程结束，不能单独撤回', 'en-US': 'A selection notice ends with its round and cannot be withdrawn alone' },
});
