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
export function LeaderReadings({ readings, voided = [] }: { readings: readonly LeaderReading[]; voided?: readonly { seq: number; reason: string }[] }) {
  const names = useNames();
  // A submission the case no longer waits on (the leader recused, the case withdrawn…) reads 已失效, with why.
  const voidReason = (seq: number) => voided.find((v) => v.seq === seq)?.reason;
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
              {voidReason(r.seq) ? (
                <Tag color="default">已失效（{voidReason(r.seq)}）</Tag>
              ) : (
                <Tag color={STATUS_COLORS[r.status]}>{LEADER_READING_STATUS_LABELS[r.status]}{r.answeredAt ? `（${formatDateTime(r.answeredAt)}）` : ''}</Tag>
              )}
              <div style={{ whiteSpace: 'pre-wrap' }}>拟办意见：{r.opinion}</div>
            </div>
          ))}
        </Space>
      }
    />
  );
}
