import { Typography } from 'antd';
import { errorMessage } from '../../api/client';

/** A refusal or failure of the API, said plainly where the figures would be. */
export function LoadError({ error }: { error: unknown }) {
  return (
    <Typography.Text type="danger" role="alert">
      {errorMessage(error)}
    </Typography.Text>
  );
}
