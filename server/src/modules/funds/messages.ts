import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'funds.not_a_community': { 'zh-CN': '资金台账按社区建立，请选择一个社区', 'en-US': 'Funds ledgers are kept per community; choose a community' },
  'funds.amount_positive': { 'zh-CN': '金额必须是大于 0 的整数（单位：分）', 'en-US': 'The amount must be a positive whole number of fen' },
  'funds.insufficient': { 'zh-CN': '{account}余额不足：可用 {available} 元，需要 {needed} 元', 'en-US': '{account} has {available} yuan available; {needed} yuan needed' },
  'funds.beyond_line': {
    'zh-CN': '超出预算科目“{line}”的批复额度：剩余 {available} 元，本次支出 {needed} 元',
    'en-US': 'Beyond the approved budget of line "{line}": {available} yuan left, {needed} yuan spent',
  },
  'funds.unknown_unit': { 'zh-CN': '捐赠单位须为本社区已确认报到的共建单位', 'en-US': 'The donor must be a confirmed co-building unit of this community' },
  'funds.not_reversible': { 'zh-CN': '项目预算划拨和结余退回由项目流程生成，不能手工冲正', 'en-US': 'Budget and release transactions follow the project and cannot be reversed by hand' },
  'funds.already_reversed': { 'zh-CN': '该笔业务已冲正，不能重复冲正', 'en-US': 'This transaction has already been reversed' },
  'funds.year': { 'zh-CN': '年份应在 2000 至 2100 之间', 'en-US': 'The year must be between 2000 and 2100' },
  'funds.project_closed': { 'zh-CN': '项目已归档，其支出不能再冲正', 'en-US': 'The project is archived; its spending can no longer be reversed' },
});
