import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError, applyFieldErrors, errorText } from '../api/client';
import { useT } from '../i18n';

/**
 * Shows a failure: field problems go onto the form's fields, the rest (or the
 * server's sentence) into a message. Server texts are shown as-is.
 */
export function useReportError() {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (error: unknown, form?: FormInstance | null, rename?: Record<string, string>) => {
      if (error instanceof ApiError && error.errors.length > 0) {
        const rest = applyFieldErrors(form, error, rename);
        if (rest.length === 0) message.error(t('common.checkFields'));
        else message.error(rest.map((p) => `${p.field.replace(/^(body|query|params)\./, '')}: ${p.message}`).join('；'));
        return;
      }
      message.error(errorText(error));
    },
    [message, t],
  );
}
