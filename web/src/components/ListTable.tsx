import { ProTable, type ParamsType, type ProTableProps } from '@ant-design/pro-components';
import { ApiError } from '../api/client';
import { useReportError } from './errors';

/**
 * The console's ProTable: it says when its list could not be loaded. ProTable throws a
 * failed `request` away as an uncaught error, so a dropped connection or a refused filter
 * showed as an empty list. A 401 says nothing here: the client is already taking the user
 * to the sign-in page.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ProTable's own bound for a row; an interface has no index signature
export function ListTable<T extends Record<string, any>, U extends ParamsType = ParamsType, ValueType = 'text'>(props: ProTableProps<T, U, ValueType>) {
  const report = useReportError();
  const onRequestError = (error: Error) => {
    if (!(error instanceof ApiError && error.status === 401)) report(error);
  };
  return <ProTable<T, U, ValueType> onRequestError={onRequestError} {...props} />;
}
