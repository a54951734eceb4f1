import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Radio, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorMessage, issueText } from '../../api/client';
import { useNames } from '../../lib/config';
import { formatDateTime } from '../../lib/time';
import { chinaToday, sessionDate } from './dates';
import { BOOKING_STATUS, type Booking, type SessionBookings } from './types';
import { AdjustSession } from './AdjustSession';
import { AccompanySession } from './AccompanySession';
import { WriterFields } from '../Register/WriterFields';
import { writerOf, type WriterValues } from '../Register/register-body';

/** A reception just recorded: the case it went onto, and whether that case is new. */
export interface Recorded {
  sessionId: string;
  caseNumber: string;
  registered: boolean;
}

/** What the note dialog was opened for: a booking, or someone who came without one. */
type NoteTarget = { booking?: Booking };

interface NoteValues {
  mode: 'case' | 'register';
  caseNumber?: string;
  subject?: string;
  matter?: string;
  name?: string;
  phone?: string;
  /** 代访: someone came for the petitioner; only the form's, it decides whether `writtenBy` is sent. */
  hasWriter?: boolean;
  writtenBy?: WriterValues;
  note: string;
}

/** Where the API's field problems go in the note form. */
const FIELD_OF: Record<string, keyof NoteValues | ['writtenBy', keyof WriterValues]> = {
  'body.note': 'note',
  'body.caseNumber': 'caseNumber',
  'body.register.subject': 'subject',
  'body.register.matter': 'matter',
  'body.register.petitioner': 'name',
  'body.register.petitioner.name': 'name',
  'body.register.petitioner.phone': 'phone',
  // An anonymous petitioner's writer, refused as a whole, is shown at the relation, the writer's first field.
  'body.register.writtenBy': ['writtenBy', 'relation'],
  'body.register.writtenBy.relation': ['writtenBy', 'relation'],
  'body.register.writtenBy.name': ['writtenBy', 'name'],
  'body.register.writtenBy.phone': ['writtenBy', 'phone'],
  'body.register.writtenBy.email': ['writtenBy', 'email'],
};

/**
 * A session and its bookings: names and contacts only when the API gives
 * them (the session's own leader, the office's desk); the actions the API
 * allows — record the reception, mark a no-show, cancel.
 */
export function SessionPanel({
  sessionId,
  onClose,
  onResolved,
  recorded,
  setRecorded,
}: {
  sessionId: string;
  onClose: () => void;
  /** A link of before slots named the session by its leader: the session's own id, for the address and the calendar. */
  onResolved?: (id: string) => void;
  /** The last reception recorded here (kept by the page: the panel moves when the window is resized). */
  recorded: Recorded | undefined;
  setRecorded: (recorded: Recorded | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const names = useNames();
  const [noteFor, setNoteFor] = useState<NoteTarget>();

  const query = useQuery({
    queryKey: ['reception-session', sessionId],
    queryFn: async (): Promise<SessionBookings> => {
      const { data } = await api.GET('/reception-days/{sessionId}/bookings', { params: { path: { sessionId } } });
      return data as unknown as SessionBookings;
    },
  });

  const resolvedId = query.data?.session.id;
  useEffect(() => {
    if (resolvedId && resolvedId !== sessionId) onResolved?.(resolvedId);
  }, [resolvedId, sessionId, onResolved]);

  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['reception-session', sessionId] }), queryClient.invalidateQueries({ queryKey: ['reception-days'] })]);

  if (query.isLoading) return <Card loading title="接待场次" />;
  if (query.error || !query.data) {
    return (
      <Card title="接待场次" extra={<Button onClick={onClose}>关闭</Button>}>
        <Typography.Text type="danger">{errorMessage(query.error)}</Typography.Text>
      </Card>
    );
  }
  const { session, bookings, allowedActions } = query.data;
  const may = (action: (typeof allowedActions)[number]) => allowedActions.includes(action);
  const begun = Date.parse(session.startsAt) <= Date.now();
  const heldOrToday = session.date <= chinaToday();
  const title = `${sessionDate(session.date, session.weekday)} ${session.leader.name}接待`;

  const confirmThen = (text: string, booking: Booking, run: () => Promise<unknown>, done: string | (() => string), extra?: ReactNode) =>
    modal.confirm({
      title: text,
      content: extra ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {`${booking.reference}${booking.name ? ` ${booking.name}` : ''}：${booking.matter}`}
          {extra}
        </Space>
      ) : (
        `${booking.reference}${booking.name ? ` ${booking.name}` : ''}：${booking.matter}`
      ),
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        try {
          await run();
          message.success(typeof done === 'function' ? done() : done);
          await refresh();
        } catch (error) {
          message.error(errorMessage(error));
          await refresh();
        }
      },
    });

  const markNoShow = (booking: Booking) =>
    confirmThen(
      '确认该预约人未到场？',
      booking,
      () => api.POST('/reception-days/{sessionId}/bookings/{bookingId}/no-show', { params: { path: { sessionId, bookingId: booking.id } } }),
      `${booking.reference} 已标记为未到场`,
    );
  const toldByPhone = (booking: Booking) =>
    confirmThen(
      booking.changeToTellByPhone
        ? `确认已电话告知预约人本场接待的调整（${session.leader.name}，${sessionDate(session.date, session.weekday)} ${session.time}，${session.place}）？`
        : `确认已电话告知预约人取消原因（${booking.cancelReason ?? '接待安排调整'}）？`,
      booking,
      () => api.POST('/reception-days/{sessionId}/bookings/{bookingId}/told-by-phone', { params: { path: { sessionId, bookingId: booking.id } } }),
      `${booking.reference} 已记录电话告知`,
    );
  // The reason goes to the booker: by email when they gave one, otherwise the desk tells them by phone (待电话告知).
  // Cancelled because the booker asked: they are only sent a confirmation, and nobody calls them about it.
  const cancel = (booking: Booking) => {
    let reason = '';
    let byBooker = false;
    const body = () => ({ ...(reason.trim() ? { reason: reason.trim() } : {}), ...(byBooker ? { byBooker } : {}) });
    return confirmThen(
      '确认取消该预约？名额将重新开放。',
      booking,
      () =>
        api.POST('/reception-days/{sessionId}/bookings/{bookingId}/cancel', {
          params: { path: { sessionId, bookingId: booking.id } },
          ...(Object.keys(body()).length ? { body: body() } : {}),
        }),
      () => `${booking.reference} 已取消预约${booking.email ? '，已邮件告知预约人' : booking.phone && !byBooker ? '，请电话告知预约人' : ''}`,
      <>
        <Checkbox
          onChange={(e) => {
            byBooker = e.target.checked;
          }}>
          预约人本人要求取消（只向其确认取消，不另行电话告知）
        </Checkbox>
        <Input.TextArea
          aria-label="取消原因（将告知预约人）"
          placeholder="取消原因（将告知预约人；不填则告知“接待安排调整”，预约人本人要求的记为“应预约人要求取消”）"
          maxLength={200}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      </>,
    );
  };

  return (
    <Card
      title={title}
      extra={
        <Space wrap>
          {may('recordReception') && heldOrToday && !session.cancelled ? <Button onClick={() => setNoteFor({})}>记录接待（无预约）</Button> : null}
          {may('setAccompanying') && !begun && !session.cancelled ? <AccompanySession session={session} onDone={refresh} /> : null}
          {may('adjustSession') && !begun && !session.cancelled ? <AdjustSession session={session} expectedVersion={session.adjusted?.version ?? 0} onDone={refresh} /> : null}
          <Button onClick={onClose}>关闭</Button>
        </Space>
      }
    >
      {session.cancelled ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`本场接待已取消（原因：${session.adjusted?.reason ?? ''}），已预约的群众已告知或待电话告知`} />
      ) : session.adjusted ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`本场接待已调整（原因：${session.adjusted.reason}）。原定：${session.adjusted.rotation.leader.name}，${session.adjusted.rotation.date} ${session.adjusted.rotation.time}，${session.adjusted.rotation.place}`}
        />
      ) : null}
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="接待领导">{session.leader.name}</Descriptions.Item>
        <Descriptions.Item label="接待时间">
          {sessionDate(session.date, session.weekday)} {session.time}
        </Descriptions.Item>
        <Descriptions.Item label="接待地点">{session.place}</Descriptions.Item>
        {session.topics.length ? <Descriptions.Item label="接待主题">{session.topics.join('、')}</Descriptions.Item> : null}
        <Descriptions.Item label="陪访部门">{session.accompanying?.units.length ? session.accompanying.units.map((u) => u.name).join('、') : <Typography.Text type="secondary">未确定</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label="已约 / 名额">
          {session.taken} / {session.capacity}
          {session.placesLeft === 0 ? <Tag color="red" style={{ marginInlineStart: 8 }}>已约满</Tag> : null}
        </Descriptions.Item>
      </Descriptions>

      {recorded?.sessionId === sessionId ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRecorded(undefined)}
          style={{ marginBottom: 16 }}
          title={
            <span>
              {recorded.registered ? '已登记为新的走访事项 ' : '接待记录已记入信访事项 '}
              <Link to={`/cases/${recorded.caseNumber}`}>{recorded.caseNumber}</Link>
            </span>
          }
        />
      ) : null}
      {!may('readBookers') ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title="预约人姓名和联系方式仅向本场接待领导和信访工作机构人员显示" /> : null}

      <section aria-label="预约名单">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          预约名单（{bookings.length}）
        </Typography.Title>
        {bookings.length === 0 ? <Typography.Paragraph type="secondary">暂无预约</Typography.Paragraph> : null}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {bookings.map((b) => {
            if ('withheld' in b) {
              // Kept from this viewer (it reports them, or its case is kept from them): a place taken, nothing more.
              return (
                <li key={b.id} aria-label="名额已占用" style={{ borderTop: '1px solid #f0f0f0', padding: '12px 0' }}>
                  <Typography.Text type="secondary">名额已占用</Typography.Text>
                </li>
              );
            }
            const who = `${b.reference}${b.name ? ` ${b.name}` : ''}`;
            const actions = [
              may('recordReception') && heldOrToday && b.status === 'booked' ? (
                <Button key="note" type="primary" size="small" aria-label={`记录接待：${who}`} onClick={() => setNoteFor({ booking: b })}>
                  记录接待
                </Button>
              ) : null,
              may('markNoShow') && begun && b.status === 'booked' ? (
                <Button key="noShow" size="small" aria-label={`未到场：${who}`} onClick={() => markNoShow(b)}>
                  未到场
                </Button>
              ) : null,
              may('cancelBooking') && ((b.status === 'cancelled' && b.cancelNotice === 'phone' && !b.toldByPhoneAt) || b.changeToTellByPhone) ? (
                <Button key="toldByPhone" size="small" aria-label={`已电话告知：${who}`} onClick={() => toldByPhone(b)}>
                  已电话告知
                </Button>
              ) : null,
              may('cancelBooking') && !begun && b.status === 'booked' ? (
                <Button key="cancel" size="small" danger aria-label={`取消预约：${who}`} onClick={() => cancel(b)}>
                  取消预约
                </Button>
              ) : null,
            ].filter(Boolean);
            const status = BOOKING_STATUS[b.status];
            return (
              <li key={b.id} aria-label={who} style={{ borderTop: '1px solid #f0f0f0', padding: '12px 0' }}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap size={8}>
                    <Typography.Text strong>{b.reference}</Typography.Text>
                    {b.name ? <Typography.Text>{b.name}</Typography.Text> : null}
                    {b.phone ? <Typography.Text type="secondary">电话 {b.phone}</Typography.Text> : null}
                    {b.email ? <Typography.Text type="secondary">邮箱 {b.email}</Typography.Text> : null}
                    <Tag color={status.color}>{status.text}</Tag>
                    {b.partySize ? <Tag color="purple">{b.groupSize ? `${b.groupSize}人集体来访，5名代表` : `来访${b.partySize}人`}</Tag> : null}
                  </Space>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>{b.matter}</Typography.Paragraph>
                  {b.changeNotice ? (
                    // Booked before the session was adjusted: told by email then, or the desk calls them.
                    <Typography.Text type="warning">
                      本场接待已于预约后调整
                      {b.changeNotice === 'email' ? '，已邮件告知预约人' : b.changeToTellByPhone ? '；预约人未留电子邮箱，请电话告知' : '，已电话告知'}
                      {b.changeToTellByPhone ? <Tag color="orange" style={{ marginLeft: 8 }}>待电话告知</Tag> : null}
                    </Typography.Text>
                  ) : b.leader && b.leader !== session.leader.id && b.status === 'booked' && !b.keptFromLeader ? (
                    // The confirmation named the leader the slot had then: a booker with an email is told with the reminder.
                    <Typography.Text type="warning">
                      预约确认时的接待领导为{names.staff(b.leader)}，现改由{session.leader.name}接待
                      {may('readBookers') && !b.email ? '；预约人未留电子邮箱，请电话告知' : '；系统随接待提醒（接待前一日）邮件告知预约人'}
                    </Typography.Text>
                  ) : null}
                  {b.keptFromLeader ? (
                    <Typography.Text type="warning">
                      不安排{session.leader.name}接待：预约检举、控告本场接待领导，或所涉信访事项其须回避（《信访工作条例》第二十八条、第三十条），预约信息不向其显示。请另行安排接待，或与预约人联系说明。
                    </Typography.Text>
                  ) : null}
                  {b.caseNumber ? (
                    b.caseNumberConfirmed === false ? (
                      // Anyone may type in a number: one whose petitioner has other contacts is said so before the case is discussed.
                      <Typography.Text type="warning">
                        自述信访事项 <Link to={`/cases/${b.caseNumber}`}>{b.caseNumber}</Link>：未能核对预约人为该事项的信访人，请先核实身份
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">
                        已有信访事项 <Link to={`/cases/${b.caseNumber}`}>{b.caseNumber}</Link>
                      </Typography.Text>
                    )
                  ) : null}
                  {b.status === 'noShow' ? (
                    <Typography.Text type="secondary">
                      {names.staff(b.noShowBy)} 于 {formatDateTime(b.noShowAt)} 标记未到场
                    </Typography.Text>
                  ) : null}
                  {b.status === 'received' ? (
                    <Typography.Text type="secondary">
                      {names.staff(b.receivedBy)} 于 {formatDateTime(b.receivedAt)} 接待，记入信访事项{' '}
                      {b.receptionCase ? <Link to={`/cases/${b.receptionCase}`}>{b.receptionCase}</Link> : null}
                    </Typography.Text>
                  ) : null}
                  {b.status === 'cancelled' ? (
                    <Typography.Text type="secondary">
                      {names.staff(b.cancelledBy)} 于 {formatDateTime(b.cancelledAt)} 取消{b.cancelReason ? `，原因：${b.cancelReason}` : ''}
                      {b.cancelNotice === 'phone' && !b.toldByPhoneAt ? <Tag color="orange" style={{ marginLeft: 8 }}>待电话告知</Tag> : null}
                      {b.toldByPhoneAt ? `；${names.staff(b.toldByPhoneBy)} 于 ${formatDateTime(b.toldByPhoneAt)} 电话告知` : null}
                    </Typography.Text>
                  ) : null}
                  {actions.length ? (
                    <Space wrap role="group" aria-label={`对 ${who} 的操作`}>
                      {actions}
                    </Space>
                  ) : null}
                </Space>
              </li>
            );
          })}
        </ul>
      </section>

      {noteFor ? (
        <NoteDialog
          sessionId={sessionId}
          target={noteFor}
          onClose={() => setNoteFor(undefined)}
          onDone={async (outcome) => {
            setNoteFor(undefined);
            setRecorded({ ...outcome, sessionId });
            message.success(outcome.registered ? `已登记为新的走访事项 ${outcome.caseNumber}` : `接待记录已记入 ${outcome.caseNumber}`);
            await refresh();
            await queryClient.invalidateQueries({ queryKey: ['case', outcome.caseNumber] });
          }}
        />
      ) : null}
    </Card>
  );
}

/** 记录接待: what was said, onto an existing case by its number, or as a new visit petition (走访). */
function NoteDialog({
  sessionId,
  target,
  onClose,
  onDone,
}: {
  sessionId: string;
  target: NoteTarget;
  onClose: () => void;
  onDone: (outcome: { caseNumber: string; registered: boolean }) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<NoteValues>();
  const [busy, setBusy] = useState(false);
  // One registration per dialog: a retried submit answers the case it registered.
  const [key] = useState(() => crypto.randomUUID());
  const booking = target.booking;
  const mode = Form.useWatch('mode', form) ?? (booking?.caseNumber ? 'case' : 'register');
  const hasWriter = Form.useWatch('hasWriter', form);

  async function submit() {
    let values: NoteValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const petitioner = values.name ? { anonymous: false, name: values.name, ...(values.phone ? { phone: values.phone } : {}) } : undefined;
      const writtenBy = writerOf(values);
      const body =
        values.mode === 'case'
          ? { note: values.note, caseNumber: values.caseNumber?.trim(), ...(booking ? { bookingId: booking.id } : {}) }
          : {
              note: values.note,
              ...(booking ? { bookingId: booking.id } : {}),
              register: { matter: values.matter ?? '', ...(values.subject ? { subject: values.subject } : {}), ...(petitioner ? { petitioner } : {}), ...(writtenBy ? { writtenBy } : {}) },
            };
      const { data } = await api.POST('/reception-days/{sessionId}/notes', { params: { path: { sessionId }, header: { 'Idempotency-Key': key } }, body });
      const answer = data as unknown as { case: { caseNumber: string }; registered: boolean };
      await onDone({ caseNumber: answer.case.caseNumber, registered: answer.registered });
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) {
        const placed = error.issues.filter((i) => FIELD_OF[i.path]);
        form.setFields(placed.map((i) => ({ name: FIELD_OF[i.path]!, errors: [issueText(i)] })));
        if (placed.length < error.issues.length) message.error(errorMessage(error));
      } else {
        message.error(`记录接待未完成：${errorMessage(error)}`);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={booking ? `记录接待 · ${booking.reference}${booking.name ? ` ${booking.name}` : ''}` : '记录接待（无预约）'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<NoteValues>
        form={form}
        layout="vertical"
        initialValues={{
          mode: booking?.caseNumber ? 'case' : 'register',
          caseNumber: booking?.caseNumber,
          matter: booking?.matter,
          name: booking?.name,
          phone: booking?.phone,
        }}
      >
        <Form.Item name="mode" label="记录方式">
          <Radio.Group
            options={[
              { value: 'case', label: '记入已有信访事项' },
              { value: 'register', label: '登记为新的走访事项' },
            ]}
          />
        </Form.Item>
        {mode === 'case' ? (
          <Form.Item
            name="caseNumber"
            label="登记编号"
            rules={[
              { required: true, message: '请填写该接待涉及的信访事项登记编号' },
              { pattern: /^\s*(\d{6}|\d{9})-\d{4}-\d{6,}\s*$/, message: '登记编号格式如 330122-2026-000042' },
            ]}
          >
            <Input placeholder="如 330122-2026-000042" autoComplete="off" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="subject" label="主题">
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="matter" label="信访事项" rules={[{ required: true, whitespace: true, message: '请填写信访事项' }]}>
              <Input.TextArea rows={3} maxLength={20_000} />
            </Form.Item>
            <Form.Item name="name" label="信访人姓名" rules={[{ required: !booking, whitespace: true, message: '无预约的来访须填写信访人姓名' }]}>
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
            <Form.Item name="phone" label="联系电话">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="hasWriter"
              label="他人代为来访（代访）"
              valuePropName="checked"
              extra="信访人本人未留联系方式的，告知书发往代访人的联系方式；信访人留有联系方式的，仍告知信访人本人。"
            >
              <Switch />
            </Form.Item>
            {hasWriter ? (
              <div role="group" aria-label="代访人">
                <WriterFields petitionerName="name" />
              </div>
            ) : null}
          </>
        )}
        <Form.Item name="note" label="接待记录" rules={[{ required: true, whitespace: true, message: '请填写接待记录：领导听取了什么、作出了什么安排' }]}>
          <Input.TextArea rows={4} maxLength={5_000} placeholder="领导当面听取的诉求和作出的安排" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
