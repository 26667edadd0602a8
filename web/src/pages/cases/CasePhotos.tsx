import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { ProForm } from '@ant-design/pro-components';
import { App, Image, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, call, errorText } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { downscale } from '../../h5/photos';
import { useT } from '../../i18n';
import type { CaseDetail } from './labels';

export type Attachment = ResponseOf<'/api/v1/attachments', 'post'>;
type Location = NonNullable<CaseDetail['location']>;

/** What the server accepts (platform/images.ts): the camera's formats, at most six per step. */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_PHOTOS = 6;

/**
 * Thumbnails of a case's or a step's photos; a click opens the full photo,
 * and the arrows page through the others of the same group. The URLs need the
 * session cookie, which a same-origin <img> sends.
 */
export function PhotoGallery({ items, size = 96, testId }: { items: Attachment[]; size?: number; testId?: string }) {
  if (items.length === 0) return null;
  return (
    <div data-testid={testId} style={{ marginTop: 4 }}>
      <Image.PreviewGroup>
        <Space size={8} wrap>
          {items.map((a) => (
            <Image
              key={a.id}
              width={size}
              height={size}
              src={a.thumbnailUrl}
              alt={a.name}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              preview={{ src: a.url }}
              data-testid="case-photo"
            />
          ))}
        </Space>
      </Image.PreviewGroup>
    </div>
  );
}

/**
 * The map point a resident's phone gave (WGS 84, as the browser reports it).
 * 高德 takes WGS 84 when told so, and opens in any browser without a key.
 */
export function LocationLink({ location, name }: { location: Location; name: string }) {
  const t = useT();
  const text = `${location.lat.toFixed(5)}, ${location.lng.toFixed(5)}`;
  const href = `https://uri.amap.com/marker?position=${location.lng},${location.lat}&name=${encodeURIComponent(name)}&coordinate=wgs84&callnative=0&src=gongzhi`;
  return (
    <Space size={4} data-testid="case-location">
      <Typography.Text>{text}</Typography.Text>
      <Typography.Link href={href} target="_blank" rel="noreferrer">
        <EnvironmentOutlined /> {t('photos.openMap')}
      </Typography.Link>
    </Space>
  );
}

async function uploadPhoto(file: File): Promise<Attachment> {
  const { blob, name } = await downscale(file);
  const form = new FormData();
  form.append('file', blob, name);
  // The body is the multipart form itself; openapi-fetch sends FormData as-is (the CSRF header comes from the client's middleware).
  return call(api.POST('/api/v1/attachments', { body: form as never }));
}

/**
 * A form control whose value is the uploaded photos' ids: each picked image
 * is uploaded at once (POST /attachments), and the step's body sends the ids.
 * `onBusy` tells the form an upload is still running.
 */
function PhotoUpload({ onChange, onBusy }: { value?: number[]; onChange?: (ids: number[]) => void; onBusy: (busy: boolean) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);

  const sync = (next: UploadFile<Attachment>[]) => {
    const shown = next.map((f) => (f.status === 'done' && f.response ? { ...f, thumbUrl: f.response.thumbnailUrl, url: f.response.url } : f));
    setFiles(shown);
    onBusy(shown.some((f) => f.status === 'uploading'));
    onChange?.(shown.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])));
  };

  return (
    <div data-testid="photo-upload">
      <Upload<Attachment>
        listType="picture-card"
        accept={IMAGE_TYPES.join(',')}
        multiple
        fileList={files}
        beforeUpload={(file, batch) => {
          // Picks beyond six are refused before they upload, not uploaded and then dropped.
          const place = files.length + batch.indexOf(file);
          if (place >= MAX_PHOTOS) {
            if (place === MAX_PHOTOS) message.warning(t('photos.tooMany', { n: MAX_PHOTOS }));
            return Upload.LIST_IGNORE;
          }
          if (IMAGE_TYPES.includes(file.type)) return true;
          message.error(t('photos.wrongType', { name: file.name }));
          return Upload.LIST_IGNORE;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          uploadPhoto(file as File).then(
            (attachment) => onSuccess?.(attachment),
            (error: unknown) => {
              message.error(errorText(error));
              onError?.(error instanceof Error ? error : new Error(errorText(error)));
            },
          );
        }}
        onChange={({ fileList }) => sync(fileList)}
      >
        {files.length < MAX_PHOTOS ? (
          <div>
            <PlusOutlined />
            <div style={{ marginTop: 8 }}>{t('photos.add')}</div>
          </div>
        ) : null}
      </Upload>
    </div>
  );
}

/** 现场照片 in a step's form: field `attachmentIds`, so the server's field errors land on it; refuses to submit mid-upload. */
export function PhotoField({ label }: { label?: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <ProForm.Item
      name="attachmentIds"
      label={label ?? t('photos.label')}
      extra={t('photos.hint', { n: MAX_PHOTOS })}
      rules={[{ validator: () => (busy ? Promise.reject(new Error(t('photos.busy'))) : Promise.resolve()) }]}
    >
      <PhotoUpload onBusy={setBusy} />
    </ProForm.Item>
  );
}
