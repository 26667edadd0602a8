import { Alert, Modal, Table } from 'antd';
import { useT } from '../../i18n';

export interface ImportProblem {
  key: number;
  row: number | null;
  column: string;
  message: string;
  field: string;
}

/** The rows an import refused, by row number; nothing from the file was written. */
export function ImportErrorsModal({ problems, onClose }: { problems: ImportProblem[] | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal open={problems !== null} title={t('territory.importErrors')} onCancel={onClose} onOk={onClose} width={720} cancelButtonProps={{ style: { display: 'none' } }}>
      <Alert type="error" showIcon message={t('territory.importFailed')} style={{ marginBottom: 12 }} />
      <Table<ImportProblem>
        data-testid="import-errors"
        size="small"
        rowKey="key"
        dataSource={problems ?? []}
        pagination={(problems?.length ?? 0) > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          { title: t('territory.row'), dataIndex: 'row', width: 80, render: (v: number | null) => v ?? '—' },
          { title: t('territory.column'), dataIndex: 'column', width: 140 },
          { title: t('territory.message'), dataIndex: 'message' },
        ]}
      />
    </Modal>
  );
}
