import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'project.invalid_transition': { 'zh-CN': '项目当前为“{status}”，不能{action}', 'en-US': 'The project is "{status}"; cannot {action}' },
  'project.not_a_community': { 'zh-CN': '项目由社区申报，请选择一个社区', 'en-US': 'Projects are applied for by a community; choose one' },
  'project.own_application': { 'zh-CN': '不能审批本人申报的项目，请由其他审批人审批', 'en-US': 'You cannot decide on a project you applied for yourself' },
  'project.lines_required': { 'zh-CN': '请至少填写一项预算明细', 'en-US': 'Give at least one budget line' },
  'project.line_duplicate': { 'zh-CN': '预算科目名称重复', 'en-US': 'Two budget lines have the same name' },
  'project.unknown_line': { 'zh-CN': '该预算科目不属于本项目', 'en-US': 'This budget line is not part of the project' },
  'project.adjust_lines': { 'zh-CN': '调整预算须逐项给出本项目每个科目的批复金额', 'en-US': 'An adjustment gives an approved amount for every line of the project' },
  'project.adjust_unchanged': { 'zh-CN': '批复金额与申报金额相同，请直接审批通过', 'en-US': 'The amounts equal the request; approve it instead' },
  'project.comment_required': { 'zh-CN': '不予批准须说明理由', 'en-US': 'Give a reason for rejecting' },
  'project.origin_case': { 'zh-CN': '来源诉求须为本社区的诉求', 'en-US': 'Origin cases must be cases of the same community' },
  'project.undertaker_required': { 'zh-CN': '请选择承接单位或填写社工团队名称', 'en-US': 'Choose a unit or name the social-worker team' },
  'project.unknown_unit': { 'zh-CN': '承接单位须为本街道已确认报到的共建单位或社会组织', 'en-US': 'The undertaker must be a confirmed unit of this street' },
  'project.not_your_unit': { 'zh-CN': '您不是该单位的联系人', 'en-US': 'You do not act for this unit' },
  'project.progress_backwards': { 'zh-CN': '进度不能低于当前进度（{progress}%）', 'en-US': 'Progress cannot go below the current {progress}%' },
  'project.not_completed': { 'zh-CN': '项目尚未完成，不能评价', 'en-US': 'The project is not complete yet; it cannot be evaluated' },
  'project.not_running': { 'zh-CN': '项目未在执行中，不能添加监督记录', 'en-US': 'The project is not running; supervision records cannot be added' },
  'project.already_rated': { 'zh-CN': '您已评价过该项目', 'en-US': 'You have already rated this project' },
  'project.not_evaluated': { 'zh-CN': '请先评价承接方，再归档', 'en-US': 'Rate the undertaker before archiving' },
  'project.no_progress': { 'zh-CN': '项目完成时进度应为 100%，请先记录最后的进度节点', 'en-US': 'Record the last milestone (100%) before completing' },
  'project.range': { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'The end date cannot be before the start date' },
});
