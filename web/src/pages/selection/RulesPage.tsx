import { EditableProTable, PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';

type Rule = ResponseOf<'/api/v1/committee-rules'>[number];

/** 社工委组成规则 per city: size, deputies, notice days, rotating term, certificate prefix (committee:config). */
export default function RulesPage() {
  const t = useT();
  const report = useReportError();
  const [rows, setRows] = useState<Rule[]>([]);
  const [editing, setEditing] = useState<React.Key[]>([]);
  useEffect(() => {
    call(api.GET('/api/v1/committee-rules')).then(setRows, report);
  }, [report]);
  const digit = (min: number, max: number) => ({ min, max, precision: 0 });
  const columns: ProColumns<Rule>[] = [
    { title: t('rules.city'), dataIndex: 'cityName', editable: false },
    { title: `${t('rules.size')}·${t('rules.min')}`, dataIndex: 'sizeMin', valueType: 'digit', fieldProps: digit(1, 100) },
    { title: `${t('rules.size')}·${t('rules.max')}`, dataIndex: 'sizeMax', valueType: 'digit', fieldProps: digit(1, 100) },
    { title: `${t('rules.deputies')}·${t('rules.min')}`, dataIndex: 'deputyMin', valueType: 'digit', fieldProps: digit(0, 20) },
    { title: `${t('rules.deputies')}·${t('rules.max')}`, dataIndex: 'deputyMax', valueType: 'digit', fieldProps: digit(0, 20) },
    { title: t('rules.noticeDays'), dataIndex: 'noticeDays', valueType: 'digit', fieldProps: digit(1, 30) },
    { title: t('rules.rotatingTerm'), dataIndex: 'rotatingTermMonths', valueType: 'digit', fieldProps: digit(1, 120) },
    { title: t('rules.prefix'), dataIndex: 'certificatePrefix' },
    { title: t('common.status'), dataIndex: 'configured', editable: false, render: (_, r) => (r.configured ? t('rules.configured') : t('rules.default')) },
    { title: t('common.actions'), valueType: 'option', render: (_, r, __, action) => [<a key="e" onClick={() => action?.startEditable(r.cityId)}>{t('common.edit')}</a>] },
  ];
  return (
    <PageContainer title={t('rules.title')}>
      <EditableProTable<Rule>
        rowKey="cityId"
        value={rows}
        columns={columns}
        recordCreatorProps={false}
        editable={{
          editableKeys: editing,
          onChange: setEditing,
          onSave: async (_, r) => {
            try {
              const { cityId, cityName: _name, configured: _c, version, ...fields } = r;
              setRows(await call(api.PUT('/api/v1/committee-rules/{id}', { params: { path: { id: cityId } }, body: { ...fields, version: version || undefined } })));
            } catch (error) {
              report(error);
              throw error;
            }
          },
        }}
      />
    </PageContainer>
  );
}
