import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { DayPicker } from '../../components/DayPicker';
import { leaderLabel, useNames, useProvinceConfig } from '../../lib/config';
import type { CalendarSession } from './types';

type Kind = 'substitute' | 'move' | 'cancel';

interface Values {
  kind: Kind;
  leader?: string;
  date?: Dayjs;
  time?: string;
  place?: string;
  reason: string;
}

const KIND_LABEL: Record<Kind, string> = { substitute: '换人接待', move: '改期', cancel: '取消' };

/** A refusal saying the change comes less than two days ahead (提前两日告知), which the desk may confirm. */
const isLate = (error: unknown) =>
  error instanceof ApiError && error.status === 422 && (error.issues.some((i) => i.path.endsWith('confirmLate')) || (error.messageZh ?? error.message).includes('提前两日'));

/**
 * 调整 one session (条例 第十八条; the office's rules: 调换/委托, 临时调整接访时间):
 * another leader receives, it moves, or it is cancelled — always with the
 * reason the bookers and the public are told. Less than two days ahead the
 * API asks to confirm (提前两日告知), and this asks the desk.
 */
export function AdjustSession({ session, expectedVersion, onDone }: { session: CalendarSession; expectedVersion: number; onDone: () => Promise<unknown> }) {
  const { message, modal } = App.useApp();
  const names = useNames();
  const { data: directory } = useProvinceConfig();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const jurisdiction = session.id.split(':')[0];
  const leaders = useMemo(
    () =>
      (directory?.staff ?? [])
        .filter((s) => s.roles.includes('leader') && !s.unit && s.jurisdiction === jurisdiction && s.id !== session.leader.id)
        .map((s) => ({ value: s.id, label: leaderLabel(s, names.jurisdiction) })),
    [directory, names, jurisdiction, session.leader.id],
  );

  const send = async (values: Values, confirmLate: boolean) => {
    const common = { reason: values.reason.trim(), expectedVersion, ...(confirmLate ? { confirmLate: true as const } : {}) };
    const body =
      values.kind === 'substitute'
        ? { kind: 'substitute' as const, leader: values.leader!, ...common }
        : values.kind === 'move'
          ? { kind: 'move' as const, date: values.date!.format('YYYY-MM-DD'), time: values.time!.trim(), place: values.place!.trim(), ...common }
          : { kind: 'cancel' as const, ...common };
    const { data } = await api.POST('/reception-days/{sessionId}/adjustment', { params: { path: { sessionId: session.id } }, body });
    const told = (data as { told?: { email: number; phone: number } } | undefined)?.told ?? { email: 0, phone: 0 };
    const telling = [told.email ? `已邮件告知 ${told.email} 位预约人` : '', told.phone ? `${told.phone} 位预约人未留邮箱，待电话告知` : ''].filter(Boolean).join('；');
    message.success(`已${KIND_LABEL[values.kind]}${telling ? `：${telling}` : ''}`);
    setOpen(false);
    form.resetFields();
    await onDone();
  };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      await send(values, false);
    } catch (error) {
      if (!isLate(error)) {
        message.error(errorMessage(error));
        return;
      }
      modal.confirm({
        title: '不足两日，仍要调整？',
        content: `${errorMessage(error)}`,
        okText: '确认调整',
        cancelText: '返回',
        onOk: async () => {
          try {
            await send(values, true);
          } catch (again) {
            message.error(errorMessage(again));
          }
        },
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>调整</Button>
      <Modal
        title="调整本场接待"
        open={open}
        onCancel={() => setOpen(false)}
        okText="提交调整"
        cancelText="返回"
        confirmLoading={saving}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="按规定，接访安排调整应提前两日告知。已预约的群众会收到通知：留有邮箱的发邮件，只留电话的列入待电话告知。"
        />
        <Form form={form} layout="vertical" initialValues={{ kind: 'substitute', time: session.time, place: session.place }} onFinish={submit} aria-label="调整本场接待">
          <Form.Item name="kind" label="调整方式">
            <Radio.Group optionType="button" options={(['substitute', 'move', 'cancel'] as const).map((k) => ({ value: k, label: KIND_LABEL[k] }))} />
          </Form.Item>
          {kind === 'substitute' || kind === undefined ? (
            <Form.Item name="leader" label="改由哪位领导接待" rules={[{ required: true, message: '请选择接待领导' }]}>
              <Select options={leaders} placeholder="选择本级领导" aria-label="改由哪位领导接待" showSearch optionFilterProp="label" />
            </Form.Item>
          ) : null}
          {kind === 'move' ? (
            <Space wrap style={{ width: '100%' }}>
              <Form.Item name="date" label="新的接待日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DayPicker aria-label="新的接待日期" disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
              </Form.Item>
              <Form.Item name="time" label="接待时间" rules={[{ required: true, pattern: /^\d{2}:\d{2}-\d{2}:\d{2}$/, message: '请按 09:00-11:30 的格式填写' }]}>
                <Input aria-label="接待时间" placeholder="09:00-11:30" />
              </Form.Item>
            </Space>
          ) : null}
          {kind === 'move' ? (
            <Form.Item name="place" label="接待地点" rules={[{ required: true, message: '请填写接待地点' }]}>
              <Input aria-label="接待地点" maxLength={200} />
            </Form.Item>
          ) : null}
          <Form.Item name="reason" label="调整原因（将告知预约群众并向社会公布）" rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}>
            <Input.TextArea aria-label="调整原因" maxLength={200} placeholder="如：陈海燕同志赴省里参加会议，委托方建华同志接待" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
