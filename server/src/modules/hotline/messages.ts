import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'hotline.headers': { 'zh-CN': '文件表头与模板不符，缺少列：{missing}', 'en-US': 'The header does not match the template; missing: {missing}' },
  'hotline.empty': { 'zh-CN': '文件中没有数据行', 'en-US': 'The file has no data rows' },
  'hotline.xls': { 'zh-CN': '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV 后上传', 'en-US': 'Old .xls files are not supported; save as .xlsx or CSV' },
  'hotline.file_missing': { 'zh-CN': '请在表单字段 file 中上传 Excel 或 CSV 文件', 'en-US': 'Upload the Excel or CSV file in the form field "file"' },
  'hotline.too_many': { 'zh-CN': '一次最多导入 {limit} 行，请分批导入', 'en-US': 'At most {limit} rows per file; split the file' },
  'hotline.invalid': { 'zh-CN': '文件有 {count} 处错误，未导入任何工单', 'en-US': 'The file has {count} errors; nothing was imported' },
  'hotline.concurrent': { 'zh-CN': '这些工单正在被另一次导入写入，请稍后重新导入', 'en-US': 'Another import is writing these orders; import again shortly' },
  'hotline.order_no_format': { 'zh-CN': '工单编号只能包含字母、数字、“-”和“_”，最多 40 位', 'en-US': 'Order numbers use letters, digits, "-" and "_", at most 40' },
  'hotline.order_no_repeated': { 'zh-CN': '工单编号与第 {row} 行重复', 'en-US': 'Same order number as row {row}' },
  'hotline.community_unknown': { 'zh-CN': '找不到该社区，或不在您的管辖范围内', 'en-US': 'No such community inside your area' },
  'hotline.community_ambiguous': {
    'zh-CN': '有多个同名社区，请填写所属区县、街道，或改填 12 位区划代码',
    'en-US': 'Several communities have this name; fill in the district and street, or use the 12-digit code',
  },
  'hotline.category_unknown': {
    'zh-CN': '无法对应到诉求分类：“{value}”（可填写系统中的分类名称，如“物业管理”“供水供暖”）',
    'en-US': 'Cannot map "{value}" to a case category (use a category name such as 物业管理)',
  },
  'hotline.phone_invalid': { 'zh-CN': '联系电话须为 11 位手机号（固定电话请留空）', 'en-US': 'The phone must be a mobile number (leave landlines out)' },
  'hotline.urgency_invalid': { 'zh-CN': '紧急程度只能填写“一般”“紧急”或“特急”', 'en-US': 'Urgency is 一般, 紧急 or 特急' },
  'hotline.time_invalid': { 'zh-CN': '时间格式应为 2026-12-01 09:30', 'en-US': 'Times look like 2026-12-01 09:30' },
  'hotline.time_range': { 'zh-CN': '时间应在 2000 年以后，且不晚于今天', 'en-US': 'The time must be after 2000 and not later than today' },
  'hotline.limit_invalid': { 'zh-CN': '办理时限应为截止时间（2026-12-03 17:00）或天数（如 3 或“3天”）', 'en-US': 'The time limit is a deadline or a number of days' },
});
