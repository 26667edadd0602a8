import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import { useT } from '../i18n';
import { useReportError } from './errors';

/**
 * Photos a form uploads one by one before it is saved (visits, service records): each
 * file goes to `upload` at once, and the form sends the ids the server gave back.
 */
export function PhotoUpload({ fileList, onChange, max, upload }: { fileList: UploadFile[]; onChange: (files: UploadFile[]) => void; max: number; upload: (data: FormData) => Promise<unknown> }) {
  const t = useT();
  const report = useReportError();
  return (
    <Upload
      accept="image/jpeg,image/png,image/webp"
      listType="picture"
      fileList={fileList}
      maxCount={max}
      onChange={({ fileList: files }) => onChange(files)}
      customRequest={({ file, onSuccess, onError }) => {
        const data = new FormData();
        data.append('file', file as Blob, (file as File).name);
        upload(data)
          .then((saved) => onSuccess?.(saved))
          .catch((error: Error) => {
            report(error);
            onError?.(error);
          });
      }}
    >
      <Button icon={<UploadOutlined />}>{t('photos.add')}</Button>
    </Upload>
  );
}
