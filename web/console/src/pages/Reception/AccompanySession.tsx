import { Alert, App, Button, Form, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { unitChoice, useProvinceConfig } from '../../lib/config';
import type { CalendarSession } from './types';

/**
 * 陪访部门 (陪访部门由接访领导确定): the session's leader or the office chooses
 * which units of the jurisdiction accompany the leader, and may change them
 * once the bookings show what will be raised. The units are mailed by the API.
 */
export function AccompanySession({ session, onDone }: { session: CalendarSession; onDone: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const { data: directory } = useProvinceConfig();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ units: string[] }>();
  const jurisdiction = session.id.split(':')[0];
  const options = useMemo(() => (directory?.jurisdictions.find((j) => j.code === jurisdiction)?.units ?? []).map(unitChoice), [directory, jurisdiction]);
  const current = session.accompanying?.units.map((u) => u.id) ?? [];

  const submit = async ({ units }: { units: string[] }) => {
    setSaving(true);
    try {
      const { data } = await api.POST('/reception-days/{sessionId}/accompanying', {
        params: { path: { sessionId: session.id } },
        body: { units, expectedVersion: session.accompanying?.version ?? 0 },
      });
      const told = (data as { told?: { accompany: number; withdrawn: number } } | undefined)?.told ?? { accompany: 0, withdrawn: 0 };
      const parts = [told.accompany ? `已邮件通知 ${told.accompany} 个陪访部门` : '', told.withdrawn ? `已告知 ${told.withdrawn} 个部门无需陪访` : ''].filter(Boolean);
      message.success(`陪访部门已保存${parts.length ? `：${parts.join('；')}` : ''}`);
      setOpen(false);
      await onDone();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>陪访部门</Button>
      <Modal title="确定陪访部门" open={open} onCancel={() => setOpen(false)} okText="保存并通知" cancelText="返回" confirmLoading={saving} onOk={() => form.submit()} destroyOnHidden>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="所选部门会收到邮件：接待时间、地点、接待领导和预约反映的事项（不含预约人姓名和联系方式），接待前一天再提醒一次；移出的部门会收到无需陪访的通知。"
        />
        <Form form={form} layout="vertical" initialValues={{ units: current }} onFinish={submit} aria-label="确定陪访部门">
          <Form.Item name="units" label="陪访部门（本级单位）" rules={[{ type: 'array', max: 10, message: '陪访部门至多 10 个' }]}>
            <Select mode="multiple" options={options} optionFilterProp="search" aria-label="陪访部门" placeholder="选择陪访部门" allowClear />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
