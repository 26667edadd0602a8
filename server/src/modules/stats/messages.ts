import { defineMessages } from '../../platform/i18n.js';

export const M = defineMessages({
  'stats.level': { 'zh-CN': '统计最细到社区，请选择市、区县、街道或社区', 'en-US': 'Statistics go down to communities: choose a city, district, street or community' },
  'stats.period_order': { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'The end date cannot be before the start date' },
  'stats.period_too_long': { 'zh-CN': '统计期间最长 {days} 天', 'en-US': 'The period can be at most {days} days' },
  'stats.no_scope': { 'zh-CN': '没有可统计的辖区', 'en-US': 'You have no area to report on' },
});
