import { DownloadOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { download } from '../api/client';
import { useT } from '../i18n';
import { useReportError } from './errors';

type Props = Omit<ButtonProps, 'onClick' | 'loading' | 'children'> & {
  /** The typed client call, made with `parseAs: 'blob'`; called on each click. */
  request: () => Promise<{ data?: unknown; response: Response }>;
  /** The name to save under when the server sends none. */
  fileName: string;
  /** 导出 unless said otherwise. */
  children?: ReactNode;
  'data-testid'?: string;
};

/**
 * Saves what the server returns (an Excel export, an import template, a PDF). An
 * export of a whole street takes seconds, so the button spins meanwhile and a second
 * click does not ask again; a failure is shown like any other.
 */
export function DownloadButton({ request, fileName, children, icon = <DownloadOutlined />, ...button }: Props) {
  const t = useT();
  const report = useReportError();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(request(), fileName);
    } catch (error) {
      report(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button {...button} icon={icon} loading={busy} onClick={() => void run()}>
      {children ?? t('common.export')}
    </Button>
  );
}
