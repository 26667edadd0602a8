import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';

/** Levels whose QR code opens the resident page (the server refuses the others). */
export const QR_LEVELS = new Set(['community', 'grid', 'compound', 'building']);

/**
 * Shows a node's resident QR code (扫码反映问题) with its link, to download
 * or print as a poster for the notice board, the lift or the building door.
 */
export function QrCodeButton({ nodeId, name }: { nodeId: number; name: string }) {
  const t = useT();
  const report = useReportError();
  const [qr, setQr] = useState<{ url: string; svg: string; link: string } | null>(null);
  const [loading, setLoading] = useState(false);

  const open = async () => {
    setLoading(true);
    try {
      const { data, response } = await api.GET('/api/v1/territory/nodes/{id}/qrcode', { params: { path: { id: nodeId } }, parseAs: 'text' });
      const svg = String(data);
      setQr({ svg, url: URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })), link: decodeURI(response.headers.get('x-h5-link') ?? '') });
    } catch (error) {
      report(error);
    } finally {
      setLoading(false);
    }
  };

  const close = () => {
    if (qr) URL.revokeObjectURL(qr.url);
    setQr(null);
  };

  const print = () => {
    if (!qr) return;
    const w = window.open('', '_blank', 'width=600,height=800');
    if (!w) return;
    const doc = w.document;
    doc.title = t('resident.qrTitle', { name });
    const page = doc.createElement('div');
    page.style.cssText = 'font-family:sans-serif;text-align:center;padding:40px';
    const title = doc.createElement('h1');
    title.textContent = name;
    const poster = doc.createElement('h2');
    poster.textContent = t('resident.qrPoster');
    const img = doc.createElement('img');
    img.src = qr.url;
    img.style.cssText = 'width:360px;height:360px';
    const hint = doc.createElement('p');
    hint.textContent = t('resident.qrPosterHint');
    page.append(title, poster, img, hint);
    doc.body.append(page);
    img.onload = () => w.print();
  };

  return (
    <>
      <Button icon={<QrcodeOutlined />} loading={loading} onClick={open} data-testid="territory-qrcode">
        {t('resident.qr')}
      </Button>
      <Modal open={qr !== null} title={t('resident.qrTitle', { name })} onCancel={close} footer={null} destroyOnHidden width={420}>
        {qr ? (
          <Space direction="vertical" style={{ width: '100%', textAlign: 'center' }}>
            <img src={qr.url} alt={t('resident.qr')} style={{ width: 280, height: 280 }} data-testid="territory-qrcode-image" />
            <Typography.Paragraph type="secondary">{t('resident.qrHint')}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: qr.link }} style={{ wordBreak: 'break-all' }} data-testid="territory-qrcode-link">
              {t('resident.qrLink')}：{qr.link}
            </Typography.Paragraph>
            <Space>
              <Button href={`/api/v1/territory/nodes/${nodeId}/qrcode?format=png`} download={`${name}-二维码.png`}>
                {t('resident.qrDownload')}
              </Button>
              <Button type="primary" onClick={print}>
                {t('resident.qrPrint')}
              </Button>
            </Space>
          </Space>
        ) : null}
      </Modal>
    </>
  );
}
