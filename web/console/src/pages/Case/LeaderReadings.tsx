import { Alert, Space, Tag, Typography } from 'antd';
import { useNames } from '../../lib/config';
import { formatDateTime } from '../../lib/time';
import { LEADER_READING_STATUS_LABELS, type LeaderReading } from '../../../../../shared/domain/leader-reading.js';

const STATUS_COLORS: Readonly<Record<LeaderReading['status'], string>> = { waiting: 'orange', read: 'green', instructed: 'blue' };

/**
 * 呈领导阅批, to everyone who reads the case: who put it before which leader,
 * when, with what 拟办意见, and whether it still waits or was read (已阅) or
 * answered by a 批示 (the 批示 itself is shown above, under 领导批示).
 */
export function LeaderReadings({ readings }: { readings: readonly LeaderReading[] }) {
  const names = useNames();
  if (readings.length === 0) return null;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      title="呈领导阅批"
      description={
        <Space orientation="vertical" size={4}>
          {readings.map((r) => (
            <div key={r.seq} role="group" aria-label={`呈${names.staff(r.leader)}阅批`}>
              <Typography.Text>
                {names.staff(r.submittedBy)}于{formatDateTime(r.submittedAt)}呈<Typography.Text strong>{names.staff(r.leader)}</Typography.Text>阅批
              </Typography.Text>{' '}
              <Tag color={STATUS_COLORS[r.status]}>{LEADER_READING_STATUS_LABELS[r.status]}{r.answeredAt ? `（${formatDateTime(r.answeredAt)}）` : ''}</Tag>
              <div style={{ whiteSpace: 'pre-wrap' }}>拟办意见：{r.opinion}</div>
            </div>
          ))}
        </Space>
      }
    />
  );
}
