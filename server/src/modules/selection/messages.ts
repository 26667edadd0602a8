import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'selection.invalid_transition': {
    'zh-CN': '本轮委员产生当前为“{status}”，不能执行“{action}”',
    'en-US': 'A round in state "{status}" cannot be "{action}"',
  },
  'selection.not_a_community': { 'zh-CN': '请选择一个社区', 'en-US': 'Choose a community' },
  'selection.period_order': { 'zh-CN': '征集截止日期不能早于开始日期', 'en-US': 'The collection must end on or after its start' },
  'selection.not_collecting': { 'zh-CN': '本轮意愿征集已结束或尚未开始，不能再报名', 'en-US': 'Nominations are not open in this round' },
  'selection.duplicate_candidate': {
    'zh-CN': '该人员已在本轮报名（身份证号或姓名加手机号相同），不能重复报名',
    'en-US': 'This person is already nominated in this round (same ID number, or same name and phone)',
  },
  'selection.invalid_id_number': { 'zh-CN': '身份证号码无效（18 位，校验码不符或出生日期有误）', 'en-US': 'Invalid ID number (18 characters with a valid check character and birth date)' },
  'selection.recommender_required': { 'zh-CN': '居民推荐、单位推荐须填写推荐人或推荐单位', 'en-US': 'Name the recommending resident or unit' },
  'selection.meeting_missing': { 'zh-CN': '请先记录社区党组织会议（日期、参会人员）', 'en-US': 'Record the party organisation meeting first (date, attendees)' },
  'selection.undecided': { 'zh-CN': '还有 {count} 名人选未作出会议决定', 'en-US': '{count} candidates have no meeting decision yet' },
  'selection.nobody_proposed': { 'zh-CN': '会议未通过任何人选，不能上报', 'en-US': 'The meeting proposed nobody; there is nothing to submit' },
  'selection.unknown_candidate': { 'zh-CN': '该人选不属于本轮', 'en-US': 'This candidate is not in this round' },
  'selection.reason_required': { 'zh-CN': '不通过须说明理由', 'en-US': 'Give a reason for not proposing' },
  'selection.comment_required': { 'zh-CN': '退回须填写意见', 'en-US': 'Give a comment when returning the list' },
  'selection.composition': {
    'zh-CN': '人选不符合组成规则：{rules}。如确需调整，请填写偏离原因',
    'en-US': 'The list breaks composition rules: {rules}. Give a deviation reason to proceed',
  },
  'selection.notice_running': { 'zh-CN': '公示期尚未结束（至 {endsAt}），不能聘任', 'en-US': 'The notice period has not ended yet (until {endsAt})' },
  'selection.objections_pending': {
    'zh-CN': '尚有 {count} 条异议未作出认定，处理完毕后才能聘任',
    'en-US': '{count} objections are still undecided; decide them before appointing',
  },
  'selection.nobody_to_appoint': { 'zh-CN': '没有可聘任的人选', 'en-US': 'Nobody is left to appoint' },
  'selection.no_certificate': { 'zh-CN': '该人选尚未聘任，没有聘书', 'en-US': 'This candidate has not been appointed; there is no certificate' },
  'selection.rule_order': { 'zh-CN': '下限不能大于上限', 'en-US': 'The minimum cannot exceed the maximum' },
  'selection.not_a_city': { 'zh-CN': '组成规则按城市设置', 'en-US': 'Composition rules are set per city' },
});
