import { Alert, Descriptions, Modal, Typography } from 'antd';
import { useT } from '../../i18n';

/** Shows a one-time password once: after creating an account or resetting its password. */
export function PasswordResultModal({ value, onClose }: { value: { title: string; user: string; password: string } | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={value !== null}
      title={value?.title}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      {value ? (
        <>
          <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('users.username')}>{value.user}</Descriptions.Item>
            <Descriptions.Item label={t('users.initialPassword')}>
              <Typography.Text code copyable={{ text: value.password }} style={{ fontSize: 18 }} data-testid="one-time-password">
                {value.password}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Alert type="warning" showIcon message={t('users.oneTimeHint')} />
        </>
      ) : null}
    </Modal>
  );
}
