import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Grid, List, Row, Space, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { readSession } from '../../lib/session';
import type { AccompaniedSession } from './types';

/**
 * 陪访接待: for a unit's staff, the leader reception sessions their unit is
 * chosen to accompany (陪访部门), from today, and the one chosen (?session=,
 * the link in the unit's letters) as the letter tells it: when, where, which
 * leader, which units, and what the visitors booked to raise — never who they
 * are; what the unit may not read is only counted. The bookings themselves
 * stay with the petitions office (接待日).
 */
export default function AccompanyingPage() {
  const staff = readSession()?.staff;
  const compact = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const selected = params.get('session') ?? undefined;
  const choose = (id: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('session', id);
        else next.delete('session');
        return next;
      },
      { replace: true },
    );

  const sessions = useQuery({
    queryKey: ['accompanied-sessions'],
    enabled: staff?.unit !== undefined,
    queryFn: async (): Promise<AccompaniedSession[]> => {
      const { data, error } = await api.GET('/reception-days/accompanied');
      if (error) throw error;
      return (data as unknown as { sessions: AccompaniedSession[] }).sessions;
    },
  });
  const detail = useQuery({
    queryKey: ['accompanied-session', selected],
    enabled: selected !== undefined && staff?.unit !== undefined,
    queryFn: async (): Promise<AccompaniedSession> => {
      const { data, error } = await api.GET('/reception-days/{sessionId}/accompanied', { params: { path: { sessionId: selected! } } });
      if (error) throw error;
      return (data as unknown as { session: AccompaniedSession }).session;
    },
  });

  if (staff?.unit === undefined) {
    return <Alert type="info" showIcon title="此页面供陪访部门的工作人员查看；信访部门请在“接待日”中查看接待安排" />;
  }

  const list = (
    <Card title="本单位陪访的领导接待日">
      {sessions.error ? <Alert type="error" showIcon title={errorMessage(sessions.error)} /> : null}
      {!sessions.isLoading && !sessions.error && (sessions.data ?? []).length === 0 ? <Empty description="近期没有需要本单位陪访的领导接待日" /> : null}
      {(sessions.data ?? []).length > 0 ? (
        <section aria-label="陪访场次">
          <List
            dataSource={sessions.data}
            renderItem={(s) => (
              <List.Item key={s.id} style={{ background: s.id === selected ? '#e6f4ff' : undefined, paddingInline: 8 }}>
                <Button
                  type="link"
                  aria-label={`${s.dateText} ${s.time} ${s.leader}接待${s.cancelled ? '（已取消）' : ''}`}
                  aria-current={s.id === selected ? 'true' : undefined}
                  style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                  onClick={() => choose(s.id)}
                >
                  <Space orientation="vertical" size={0}>
                    <span>
                      {s.dateText} {s.time}
                    </span>
                    <Typography.Text type="secondary">
                      {s.leader}接待，已预约{s.bookings}批
                    </Typography.Text>
                  </Space>
                </Button>
                {s.cancelled ? <Tag color="default">已取消</Tag> : s.adjusted ? <Tag color="orange">已调整</Tag> : null}
              </List.Item>
            )}
          />
        </section>
      ) : null}
    </Card>
  );

  const panel = selected ? (
    <Card
      title="接待安排"
      extra={
        <Button size="small" onClick={() => choose(undefined)}>
          {compact ? '返回列表' : '关闭'}
        </Button>
      }
    >
      {detail.error ? <Alert type="error" showIcon title={errorMessage(detail.error)} /> : null}
      {detail.data ? <SessionDetail session={detail.data} compact={compact} /> : null}
    </Card>
  ) : null;

  // On a phone one thing at a time: the session chosen (from the letter's link, or the list), else the list.
  if (compact) return panel ?? list;
  return (
    <Row gutter={[16, 16]}>
      <Col span={selected ? 9 : 24}>{list}</Col>
      {panel ? <Col span={15}>{panel}</Col> : null}
    </Row>
  );
}

function SessionDetail({ session: s, compact }: { session: AccompaniedSession; compact: boolean }) {
  // Not held, or held already: nothing to prepare, and the server sends no matters.
  const over = s.cancelled ? '已取消' : s.ended ? '已结束' : undefined;
  return (
    <section aria-label={`${s.dateText}接待安排`}>
      {s.cancelled ? <Alert type="warning" showIcon title="本场领导接待已取消，无需陪访" style={{ marginBottom: 12 }} /> : null}
      {s.ended && !s.cancelled ? <Alert type="info" showIcon title="本场领导接待已结束" style={{ marginBottom: 12 }} /> : null}
      {s.adjusted && !over ? <Alert type="info" showIcon title={`接待安排已调整：${s.adjusted.reason}`} style={{ marginBottom: 12 }} /> : null}
      <Descriptions column={1} size="small" bordered={!compact} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="日期">{s.dateText}</Descriptions.Item>
        <Descriptions.Item label="时间">{s.time}</Descriptions.Item>
        <Descriptions.Item label="地点">{s.place}</Descriptions.Item>
        <Descriptions.Item label="接访领导">{s.leader}</Descriptions.Item>
        <Descriptions.Item label="陪访部门">{s.units.map((u) => u.name).join('、')}</Descriptions.Item>
        {over ? null : <Descriptions.Item label="预约情况">{s.bookings ? `已预约${s.bookings}批（共${s.people}人）` : '目前暂无预约，现场来访群众按到达顺序接待'}</Descriptions.Item>}
      </Descriptions>
      {s.bookings ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            预约反映的事项
          </Typography.Title>
          {s.topics.length ? (
            <ol aria-label="预约反映的事项" style={{ paddingInlineStart: 20, marginBottom: 8 }}>
              {s.topics.map((topic, i) => (
                <li key={i}>{topic}</li>
              ))}
            </ol>
          ) : null}
          {s.withheld ? (
            <Typography.Paragraph>
              {s.topics.length ? '另有' : ''}
              {s.withheld}项预约事项由{s.office}另行安排，不在此列出。
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
      {over ? null : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          来访人的姓名、联系方式等个人信息由{s.office}掌握，不在此显示。请安排负责同志准时到场，并做好相关政策和情况的准备。
        </Typography.Paragraph>
      )}
    </section>
  );
}
