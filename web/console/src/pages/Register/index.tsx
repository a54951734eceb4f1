import { App, Button, Card, DatePicker, Form, Input, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client';
import type { components } from '../../api/schema';
import { coveredBy, useProvinceConfig } from '../../lib/config';
import { CHANNEL_LABELS } from '../../lib/labels';
import { readSession } from '../../lib/session';

type RegisterBody = components['schemas']['RegisterCaseRequest'];

interface Values {
  jurisdiction: string;
  channel: 'letter' | 'visit' | 'phone';
  receivedAt?: Dayjs;
  subject?: string;
  matter: string;
  urgent?: boolean;
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** Where the API's issue paths point in the form. */
const FIELD_OF: Record<string, keyof Values> = {
  'body.jurisdiction': 'jurisdiction',
  'body.channel': 'channel',
  'body.receivedAt': 'receivedAt',
  'body.subject': 'subject',
  'body.matter': 'matter',
  'body.petitioner.name': 'name',
  'body.petitioner.phone': 'phone',
  'body.petitioner.email': 'email',
  'body.petitioner.address': 'address',
};

/** 登记: a letter, visit or phone call (POST /cases), once per form (Idempotency-Key). */
export default function RegisterPage() {
  const session = readSession();
  const { data: config } = useProvinceConfig();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  // One key per form: a retried submission (a lost answer, a double click) registers once.
  const [key] = useState(() => crypto.randomUUID());
  const jurisdictions = useMemo(() => coveredBy(config, session?.staff.jurisdiction ?? ''), [config, session?.staff.jurisdiction]);

  async function submit(values: Values) {
    setBusy(true);
    const petitioner: RegisterBody['petitioner'] = {
      anonymous: false,
      ...(values.name?.trim() ? { name: values.name.trim() } : {}),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
    };
    if (!petitioner.name) petitioner.anonymous = true;
    try {
      const { data } = await api.POST('/cases', {
        params: { header: { 'Idempotency-Key': key } },
        body: {
          jurisdiction: values.jurisdiction,
          channel: values.channel,
          ...(values.receivedAt ? { receivedAt: values.receivedAt.toISOString() } : {}),
          ...(values.subject?.trim() ? { subject: values.subject.trim() } : {}),
          matter: values.matter,
          petitioner,
          ...(values.urgent ? { urgent: true } : {}),
        },
      });
      const caseNumber = data?.case.caseNumber;
      message.success(`已登记 ${caseNumber ?? ''}`);
      if (caseNumber) navigate(`/cases/${caseNumber}`);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) {
        const byField = new Map<keyof Values, string[]>();
        const other: string[] = [];
        for (const issue of error.issues) {
          const field = FIELD_OF[issue.path];
          if (field) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
          else other.push(`${issue.path}：${issue.message}`);
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        message.error(other.length ? other.join('；') : error.message);
      } else {
        message.error(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="登记信访事项" style={{ maxWidth: 800 }}>
      <Form<Values>
        form={form}
        name="register"
        layout="vertical"
        initialValues={{ jurisdiction: session?.staff.jurisdiction, channel: 'letter', receivedAt: dayjs() }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="jurisdiction" label="辖区" rules={[{ required: true, message: '请选择辖区' }]}>
          <Select options={jurisdictions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="channel" label="渠道" rules={[{ required: true, message: '请选择渠道' }]}>
          <Select options={(['letter', 'visit', 'phone'] as const).map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
        </Form.Item>
        <Form.Item name="receivedAt" label="收到时间">
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="subject" label="主题">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="matter" label="信访事项" rules={[{ required: true, message: '请填写信访事项' }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name="urgent" label="紧急" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="name" label="信访人姓名（不填为匿名）">
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input />
        </Form.Item>
        <Form.Item name="email" label="电子邮件">
          <Input />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          登记
        </Button>
      </Form>
    </Card>
  );
}
