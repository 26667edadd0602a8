import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'case.invalid_transition': {
    'zh-CN': '诉求当前状态为“{status}”，不能执行“{action}”',
    'en-US': 'A case in state "{status}" cannot be "{action}"',
  },
  'case.guard.below_top_tier': { 'zh-CN': '攻坚哨已是最高层级，不能再升级', 'en-US': 'A tough case cannot be escalated further' },
  'case.guard.rated_dissatisfied': { 'zh-CN': '只有评价为“不满意”的诉求可以重新办理', 'en-US': 'Only a case rated dissatisfied can be reopened' },
  'case.guard.not_reopened_before': { 'zh-CN': '该诉求已重新办理过一次，不能再次重新办理', 'en-US': 'This case has already been reopened once' },
  'case.idempotency_mismatch': {
    'zh-CN': '该提交编号已用于另一份不同内容的诉求',
    'en-US': 'This idempotency key was already used for a different submission',
  },
  'case.description_blank': { 'zh-CN': '请填写问题描述', 'en-US': 'Describe the problem' },
  'case.unknown_category': { 'zh-CN': '诉求分类不存在或已停用', 'en-US': 'Unknown or disabled case category' },
  'case.not_a_community': { 'zh-CN': '请选择一个社区', 'en-US': 'Choose a community' },
  'case.territory_outside_community': { 'zh-CN': '所选位置不在该社区内', 'en-US': 'The location is not inside the community' },
  'case.territory_out_of_scope': { 'zh-CN': '只能登记本人负责范围内的诉求', 'en-US': 'You can only record cases inside your own area' },
  'case.merge_target_invalid': {
    'zh-CN': '只能合并到同一社区内另一件未被驳回或合并的诉求',
    'en-US': 'Merge into another live case of the same community',
  },
  'case.field_not_for_tier': { 'zh-CN': '{tier}派遣不使用此项', 'en-US': 'Not used when dispatching a {tier} case' },
  'case.dispatch_target_required': {
    'zh-CN': '常规哨请指定一名网格员，或交由社区自办',
    'en-US': 'A routine case goes to one grid worker or to the community itself',
  },
  'case.assignee_not_eligible': { 'zh-CN': '该人员不负责此诉求所在区域', 'en-US': 'This person does not cover the case\'s area' },
  'case.department_not_eligible': { 'zh-CN': '该部门不存在、已停用或不负责此诉求所在区域', 'en-US': 'Unknown, disabled or out-of-area department' },
  'case.supervisor_not_eligible': { 'zh-CN': '督办领导须为所在区县的负责人', 'en-US': 'The supervising leader must cover the case\'s district' },
  'case.note_required': { 'zh-CN': '请说明原因', 'en-US': 'Give a reason' },
  'case.no_extension_pending': { 'zh-CN': '没有待审批的延期申请', 'en-US': 'No extension request is pending' },
  'case.extension_pending': { 'zh-CN': '已有延期申请待审批', 'en-US': 'An extension request is already pending' },
  'case.deadline_past': { 'zh-CN': '办结时限须晚于当前时间', 'en-US': 'The deadline must be in the future' },
  'case.no_deadline': { 'zh-CN': '该诉求尚无办结时限', 'en-US': 'This case has no deadline yet' },
  'case.export_too_large': {
    'zh-CN': '导出最多 {limit} 条，请缩小筛选范围',
    'en-US': 'An export holds at most {limit} rows; narrow the filters',
  },
  'department.code_taken': { 'zh-CN': '部门编码已被使用', 'en-US': 'This department code is taken' },
  'department.name_taken': { 'zh-CN': '本区县已有同名部门', 'en-US': 'A department of that name already exists here' },
  'department.not_a_district': { 'zh-CN': '职能部门须设在区县（或市）', 'en-US': 'Departments belong to a district (or the city)' },
  'department.not_department_staff': {
    'zh-CN': '只有“职能部门人员”角色的账号可以加入部门',
    'en-US': 'Only accounts holding the department staff role can join a department',
  },
});
