import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { enUS, zhCN, type MessageKey } from './messages';

export type Language = 'zh-CN' | 'en-US';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'gongzhi.language';
const catalogs: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    /* storage blocked: use the default */
  }
  return 'zh-CN';
}

function apply(language: Language) {
  setApiLanguage(language);
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = language;
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

const startLanguage = initialLanguage();
apply(startLanguage);

/** UI language: zh-CN by default, en-US on request, remembered in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(startLanguage);
  const setLanguage = useCallback((next: Language) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not remembered, still switched */
    }
    apply(next);
    setState(next);
  }, []);
  const t = useCallback<Translate>((key, params) => format(catalogs[language][key] ?? key, params), [language]);
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'zh-CN' ? zhCNAntd : enUSAntd}
        theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#c4161c', borderRadius: 6 } }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export type { MessageKey };
