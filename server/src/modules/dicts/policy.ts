import { defineMessages } from '../../platform/i18n.js';

/** Option lists are global configuration: one set for the installation, changed by dict:write. */
export const M = defineMessages({
  'dicts.code_taken': { 'zh-CN': '该字典中已有编码为“{code}”的选项', 'en-US': 'This dictionary already has an option with code "{code}"' },
});

/** The database's code rule, repeated so the OpenAPI document shows it. */
export const ITEM_CODE = '^[a-z0-9][a-z0-9_]{0,39}$';
/** Sort keys stay far inside PostgreSQL's integer. */
export const SORT_LIMIT = 1_000_000;
