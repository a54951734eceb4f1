import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Calendar, Card, Col, Grid, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { coveredBy, placeLabel, useProvinceConfig } from '../../lib/config';
import { readSession } from '../../lib/session';
import { chinaToday, dayName, rangeOf, sessionDate } from './dates';
import { SessionPanel, type Recorded } from './SessionPanel';
import './reception.css';
import type { CalendarSession, ReceptionCalendar } from './types';

type View = 'month' | 'week';

/**
 * 领导接待日: the published rotation as a calendar (month or week), each
 * session with its leader, time, place and places taken; choosing one lists
 * its bookings and what may be done with them. What is shown lives in the
 * address (?view, ?date, ?jurisdiction, ?session), so a link opens the same.
 */
export default function ReceptionPage() {
  const staff = readSession()?.staff;
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? false;
  const { data: config } = useProvinceConfig();
  const [recorded, setRecorded] = useState<Recorded>();

  const view: View = params.get('view') === 'week' ? 'week' : 'month';
  const asked = dayjs(params.get('date') ?? '');
  const anchor = asked.isValid() ? asked : dayjs(chinaToday());
  const selected = params.get('session') ?? undefined;
  // A link to a session (the leader's reminder) opens the calendar of its jurisdiction.
  const jurisdiction = params.get('jurisdiction') ?? selected?.split(':')[0] ?? staff?.jurisdiction ?? '';
  const range = rangeOf(view, anchor);
  const today = chinaToday();

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const calendar = useQuery({
    queryKey: ['reception-days', jurisdiction, range.from, range.to],
    enabled: jurisdiction !== '',
    queryFn: async (): Promise<ReceptionCalendar> => {
      const { data } = await api.GET('/reception-days', { params: { query: { jurisdiction, ...range } } });
      return data as unknown as ReceptionCalendar;
    },
  });
  const sessions = calendar.data?.sessions ?? [];
  const byDate = new Map<string, CalendarSession[]>();
  for (const s of sessions) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);

  const jurisdictions = coveredBy(config, staff?.jurisdiction ?? '');
  const step = view === 'month' ? 'month' : 'week';
  const move = (by: number) => update({ date: anchor.add(by, step).format('YYYY-MM-DD') });
  const title = view === 'month' ? anchor.format('YYYY年M月') : `${dayjs(range.from).format('YYYY年M月D日')}—${dayjs(range.to).format('M月D日')}`;

  const chip = (s: CalendarSession, detailed: boolean) => (
    <SessionChip
      key={s.id}
      session={s}
      detailed={detailed}
      selected={s.id === selected}
      past={s.date < today}
      onOpen={() => update({ session: s.id, date: s.date })}
    />
  );

  const toolbar = (
    <Space wrap>
      {jurisdictions.length > 1 ? (
        <Select
          aria-label="辖区"
          value={jurisdiction}
          options={jurisdictions}
          labelRender={placeLabel}
          style={{ minWidth: 160 }}
          onChange={(value: string) => update({ jurisdiction: value, session: undefined })}
        />
      ) : null}
      <Segmented<View>
        aria-label="视图"
        value={view}
        options={[
          { value: 'month', label: '月' },
          { value: 'week', label: '周' },
        ]}
        onChange={(value) => update({ view: value })}
      />
      <Button aria-label={view === 'month' ? '上一月' : '上一周'} onClick={() => move(-1)}>
        {view === 'month' ? '上一月' : '上一周'}
      </Button>
      <Button onClick={() => update({ date: today })}>{view === 'month' ? '本月' : '本周'}</Button>
      <Button aria-label={view === 'month' ? '下一月' : '下一周'} onClick={() => move(1)}>
        {view === 'month' ? '下一月' : '下一周'}
      </Button>
    </Space>
  );

  const panel = selected ? (
    // A month sits beside the session; a week's seven columns need the width, so the session goes under it.
    <Col xs={24} xl={view === 'month' ? 9 : 24}>
      <SessionPanel sessionId={selected} onClose={() => update({ session: undefined })} onResolved={(id) => update({ session: id })} recorded={recorded} setRecorded={setRecorded} />
    </Col>
  ) : null;

  return (
    <Row gutter={[16, 16]}>
      {/* On a phone the chosen session comes first, above the calendar it was chosen from. */}
      {wide ? null : panel}
      <Col xs={24} xl={selected && view === 'month' ? 15 : 24}>
        <Card title={`领导接待日 · ${calendar.data?.jurisdiction.name ?? ''}`}>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 12, marginBottom: 12 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            {toolbar}
          </div>
          {calendar.error ? <Alert type="error" showIcon title={errorMessage(calendar.error)} style={{ marginBottom: 12 }} /> : null}
          {!calendar.isLoading && !calendar.error && sessions.length === 0 ? (
            <Alert type="info" showIcon title="此期间没有领导接待日安排" style={{ marginBottom: 12 }} />
          ) : null}
          {view === 'month' ? (
            <section aria-label={`${title}接待日历`} aria-busy={calendar.isFetching}>
              <Calendar
                className="reception-calendar"
                fullscreen={wide}
                value={anchor}
                headerRender={() => null}
                onSelect={(date, info) => {
                  if (info.source === 'date') update({ date: date.format('YYYY-MM-DD') });
                }}
                cellRender={(current, info) => {
                  if (info.type !== 'date' || !wide) return info.originNode;
                  const day = byDate.get(current.format('YYYY-MM-DD')) ?? [];
                  return <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>{day.map((s) => chip(s, false))}</div>;
                }}
                // On a phone each day is a button of its own: reached with Tab, chosen with Enter or Space, named for a screen reader.
                fullCellRender={
                  wide
                    ? undefined
                    : (current, info) =>
                        info.type === 'date' ? (
                          <DayButton day={current} sessions={byDate.get(current.format('YYYY-MM-DD'))?.length ?? 0} chosen={current.isSame(anchor, 'day')} today={current.format('YYYY-MM-DD') === today} onChoose={() => update({ date: current.format('YYYY-MM-DD') })} />
                        ) : (
                          info.originNode
                        )
                }
              />
              {/* On a phone the month is a small calendar: the chosen day's sessions are listed under it. */}
              {!wide ? <DayList date={anchor} sessions={byDate.get(anchor.format('YYYY-MM-DD')) ?? []} chip={(s) => chip(s, true)} /> : null}
            </section>
          ) : (
            <section aria-label={`${title}接待安排`} aria-busy={calendar.isFetching}>
              <WeekGrid from={dayjs(range.from)} byDate={byDate} today={today} wide={wide} chip={(s) => chip(s, true)} />
            </section>
          )}
        </Card>
      </Col>
      {wide ? panel : null}
    </Row>
  );
}

/** One session as a button: time, leader, places taken / capacity; its full description is its name. */
function SessionChip({ session: s, detailed, selected, past, onOpen }: { session: CalendarSession; detailed: boolean; selected: boolean; past: boolean; onOpen: () => void }) {
  const full = s.placesLeft === 0 && !s.cancelled;
  const state = s.cancelled ? '，已取消' : s.adjusted ? '，已调整' : full ? '，已约满' : '';
  const accompanying = s.accompanying?.units.map((u) => u.name).join('、');
  const name = `${sessionDate(s.date, s.weekday)} ${s.time} ${s.leader.name}接待，地点：${s.place}，已约 ${s.taken}/${s.capacity}${state}${accompanying ? `，陪访部门：${accompanying}` : ''}`;
  return (
    <Button
      size="small"
      type={selected ? 'primary' : 'default'}
      aria-label={name}
      aria-pressed={selected}
      title={name}
      onClick={(event) => {
        // Not the calendar cell's own selection as well.
        event.stopPropagation();
        onOpen();
      }}
      style={{ height: 'auto', whiteSpace: 'normal', textAlign: 'left', justifyContent: 'flex-start', padding: '2px 6px', opacity: past && !selected ? 0.75 : 1, width: '100%' }}
    >
      <span style={{ display: 'flex', flexDirection: 'column', width: '100%' }}>
        <span>
          {s.time.split('-')[0]} {s.leader.name}{' '}
          {s.cancelled ? (
            <Tag style={{ marginInlineEnd: 0 }}>已取消</Tag>
          ) : (
            <Tag color={full ? 'red' : 'green'} style={{ marginInlineEnd: 0 }}>
              {s.taken}/{s.capacity}
            </Tag>
          )}
          {s.adjusted && !s.cancelled ? <Tag color="orange" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>已调整</Tag> : null}
        </span>
        <Typography.Text type={selected ? undefined : 'secondary'} ellipsis={!detailed} style={{ fontSize: 12, maxWidth: '100%', color: selected ? 'inherit' : undefined }}>
          {detailed ? `${s.time} · ${s.place}` : s.place}
        </Typography.Text>
        {detailed && accompanying ? (
          <Typography.Text type={selected ? undefined : 'secondary'} style={{ fontSize: 12, maxWidth: '100%', color: selected ? 'inherit' : undefined }}>
            陪访：{accompanying}
          </Typography.Text>
        ) : null}
      </span>
    </Button>
  );
}

/** A day of the phone's month: its number, a dot where it has sessions; the name says the day and how many. */
function DayButton({ day, sessions, chosen, today, onChoose }: { day: Dayjs; sessions: number; chosen: boolean; today: boolean; onChoose: () => void }) {
  return (
    <button
      type="button"
      className={`ant-picker-cell-inner ant-picker-calendar-date reception-day${today ? ' ant-picker-calendar-date-today' : ''}`}
      aria-label={`${dayName(day)}，${sessions ? `${sessions}场接待` : '无接待安排'}`}
      aria-pressed={chosen}
      onClick={(event) => {
        // The calendar's own cell selection would choose it a second time.
        event.stopPropagation();
        onChoose();
      }}
    >
      <span className="ant-picker-calendar-date-value">{day.date()}</span>
      {sessions ? <span aria-hidden className="reception-day-dot" /> : null}
    </button>
  );
}

function WeekGrid({ from, byDate, today, wide, chip }: { from: Dayjs; byDate: Map<string, CalendarSession[]>; today: string; wide: boolean; chip: (s: CalendarSession) => React.ReactNode }) {
  const days = Array.from({ length: 7 }, (_, i) => from.add(i, 'day'));
  return (
    <div style={{ display: 'grid', gridTemplateColumns: wide ? 'repeat(7, minmax(0, 1fr))' : '1fr', gap: 8 }}>
      {days.map((day) => {
        const date = day.format('YYYY-MM-DD');
        const list = byDate.get(date) ?? [];
        return (
          <div
            key={date}
            role="group"
            aria-label={day.format('M月D日 dddd')}
            style={{ border: '1px solid #f0f0f0', borderTop: date === today ? '2px solid #1677ff' : '1px solid #f0f0f0', borderRadius: 6, padding: 8, minHeight: wide ? 160 : undefined }}
          >
            <Typography.Text strong>{day.format('M月D日 ddd')}</Typography.Text>
            <div style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 6 }}>
              {list.length ? list.map(chip) : <Typography.Text type="secondary">无接待安排</Typography.Text>}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function DayList({ date, sessions, chip }: { date: Dayjs; sessions: CalendarSession[]; chip: (s: CalendarSession) => React.ReactNode }) {
  return (
    <div role="group" aria-label={`${date.format('M月D日')}的接待安排`} style={{ marginTop: 12, display: 'flex', flexDirection: 'column', gap: 6 }}>
      <Typography.Text strong>{date.format('M月D日 dddd')}</Typography.Text>
      {sessions.length ? sessions.map(chip) : <Typography.Text type="secondary">当日无接待安排，请在日历中选择有蓝点的日期</Typography.Text>}
    </div>
  );
}
