import { App, Button, Card, Col, DatePicker, Divider, Form, Input, Row, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { CATEGORIES } from '../../../../../shared/domain/case.js';
import { api, ApiError, errorMessage, issueText } from '../../api/client';
import { coveredBy, placeLabel, unitGroups, useProvinceConfig } from '../../lib/config';
import { CATEGORY_LABELS, CHANNEL_CONTENT_WORDS, CHANNEL_LABELS } from '../../lib/labels';
import { readSession } from '../../lib/session';
import { CollectiveFields } from './CollectiveFields';
import { PersonFields } from './PersonFields';
import { WriterFields } from './WriterFields';
import { fieldOfIssue, petitionerKind, registerBodyOf, type FieldName, type RegisterValues } from './register-body';
import { chinaWallClock } from '../../lib/time';

/** What the registrar is about to record about the petitioner, said under the name as the form fills. */
const PETITIONER_KIND_HINTS = {
  named: undefined,
  unnamed: '未留姓名：按所留联系方式登记和告知（有电子邮件的发邮件，否则按住址邮寄，只留电话的电话告知）',
  anonymous: '姓名和联系方式（电话、电子邮件、住址）都未留的，登记为匿名信访，无法告知办理结果',
  // The API then records the group's first named representative as its petitioner (petition-admission.ts).
  representative: '未填信访人的，以代表1为信访人登记，通过代表告知办理情况',
} as const;

/** What the case page is told by the registration that led to it (the history entry's state: kept on reload). */
export interface RegisteredHere {
  registeredAt: number;
}

/** 登记: a letter, visit or phone call (POST /cases), once per form (Idempotency-Key). */
export default function RegisterPage() {
  const session = readSession();
  const own = session?.staff.jurisdiction ?? '';
  const { data: config } = useProvinceConfig();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const collective = Form.useWatch('isCollective', form);
  const hasWriter = Form.useWatch('hasWriter', form);
  const petitioner = Form.useWatch('petitioner', form);
  const representatives = Form.useWatch(['collective', 'representatives'], form) as { name?: string }[] | undefined;
  // What the petitioner's words are called on this channel (来信内容, 来访反映, 来电内容): the hints speak of them.
  const content = CHANNEL_CONTENT_WORDS[(Form.useWatch('channel', form) as RegisterValues['channel'] | undefined) ?? 'letter'];
  const [busy, setBusy] = useState(false);
  // One key per form: a retried submission (a lost answer, a double click) registers once.
  const [key] = useState(() => crypto.randomUUID());
  // The API lets staff register in their own jurisdiction and those below it; without the configuration
  // (OIDC sign-in on AWS) the picker offers the caller's own, by code.
  const jurisdictions = useMemo(() => {
    const covered = coveredBy(config, own);
    return covered.length > 0 ? covered : own ? [{ value: own, label: own }] : [];
  }, [config, own]);

  // Any configured unit may be the one accused, at any level: the registrar's own level and those below first.
  const accusableUnits = useMemo(() => unitGroups(config, own), [config, own]);

  async function submit(values: RegisterValues) {
    setBusy(true);
    try {
      const { data } = await api.POST('/cases', { params: { header: { 'Idempotency-Key': key } }, body: registerBodyOf(values) });
      const caseNumber = data?.case.caseNumber;
      message.success(`已登记 ${caseNumber ?? ''}`);
      // The case page knows it was just registered here: the router may yet take it out of the registrar's sight (第三十条).
      if (caseNumber) navigate(`/cases/${caseNumber}`, { state: { registeredAt: Date.now() } satisfies RegisteredHere });
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) showIssues(error, values.collective?.representatives?.length ?? 0);
      else message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  /** The API's field errors next to their fields; the rest in one message. */
  function showIssues(error: ApiError, representatives: number) {
    const byField = new Map<string, { name: FieldName; errors: string[] }>();
    const other: string[] = [];
    for (const issue of error.issues) {
      const name = fieldOfIssue(issue.path, representatives);
      if (!name) {
        other.push(`${issue.path}：${issue.messageZh ?? issue.message}`);
        continue;
      }
      const id = name.join('.');
      byField.set(id, { name, errors: [...(byField.get(id)?.errors ?? []), issueText(issue)] });
    }
    // fieldOfIssue answers only names the form has; the typed paths cannot follow a path parsed from text.
    form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
    message.error(other.length ? other.join('；') : error.message);
  }

  return (
    <Card title="登记信访事项" style={{ maxWidth: 960 }}>
      <Form<RegisterValues>
        form={form}
        name="register"
        layout="vertical"
        initialValues={{ jurisdiction: own || undefined, channel: 'letter', receivedAt: chinaWallClock() }}
        onFinish={(values) => void submit(values)}
        scrollToFirstError={{ focus: true }}
        onKeyDown={registerKeys(() => form.submit())}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="jurisdiction" label="辖区" rules={[{ required: true, message: '请选择辖区' }]}>
              <Select options={jurisdictions} showSearch={{ optionFilterProp: 'label' }} labelRender={placeLabel} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label="渠道" rules={[{ required: true, message: '请选择渠道' }]}>
              <Select options={(['letter', 'visit', 'phone'] as const).map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="receivedAt"
              label="收到时间（北京时间）"
              rules={[
                { validator: async (_, at?: dayjs.Dayjs | null) => { if (at?.isAfter(chinaWallClock())) throw new Error('收到时间不能晚于现在'); } },
                { warningOnly: true, validator: async (_, at?: dayjs.Dayjs | null) => { const warning = lateReceiptWarning(at); if (warning) throw new Error(warning); } },
              ]}
            >
              <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="subject" label="主题" rules={[{ whitespace: true, message: '主题不能只有空格' }, { max: 200, message: '主题不超过 200 个字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="matter"
          label="信访事项"
          rules={[
            { required: true, whitespace: true, message: '请填写信访事项' },
            { max: 20_000, message: '信访事项不超过 20000 个字' },
          ]}
        >
          <Input.TextArea rows={5} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="category" label="类别">
              <Select allowClear placeholder="未分类" options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="incidentAddress" label="事发地址" rules={[{ max: 300, message: '事发地址不超过 300 个字' }]}>
              <Input placeholder="事情发生的地点，用于确定属地" />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="urgent" label="紧急" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Form.Item
          name="accusedUnits"
          label="被举报单位（检举、控告时填写）"
          extra={`事项不会交给被举报的单位办理，该单位也看不到此件（《信访工作条例》第三十条）。${content}中写明的单位由系统识别，此处补充其中未写全称的。`}
        >
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'search' }} placeholder="无" options={accusableUnits} />
        </Form.Item>

        <Divider titlePlacement="start">信访人</Divider>
        <div role="group" aria-label="信访人">
          <PersonFields prefix={['petitioner']} nameLabel="信访人姓名（未留可不填）" nameExtra={PETITIONER_KIND_HINTS[groupSpeaksThroughRepresentative(petitionerKind(petitioner), collective, representatives)]} />
        </div>

        <Divider titlePlacement="start">代为反映人</Divider>
        <Form.Item
          name="hasWriter"
          label="他人代为反映（代写、代访、代为来电）"
          valuePropName="checked"
          extra="信访人本人未留联系方式的，告知书发往代为反映人的联系方式、写代为反映人的姓名；信访人留有联系方式的，仍告知信访人本人。"
        >
          <Switch />
        </Form.Item>
        {hasWriter ? (
          <div role="group" aria-label="代为反映人">
            <WriterFields />
          </div>
        ) : null}

        <Divider titlePlacement="start">集体访</Divider>
        <Form.Item name="isCollective" label="集体访（多人就同一事项共同提出）" valuePropName="checked">
          <Switch />
        </Form.Item>
        {collective ? <CollectiveFields /> : null}

        <Button type="primary" htmlType="submit" loading={busy} title="登记（Ctrl+Enter）">
          登记
        </Button>
      </Form>
    </Card>
  );
}

/** A collective petition with a named representative and no petitioner of its own is registered through that representative. */
function groupSpeaksThroughRepresentative(kind: keyof typeof PETITIONER_KIND_HINTS, collective: unknown, representatives: { name?: string }[] | undefined): keyof typeof PETITIONER_KIND_HINTS {
  return kind === 'anonymous' && collective === true && (representatives ?? []).some((r) => r?.name?.trim()) ? 'representative' : kind;
}

/**
 * Enter in a field confirms that field (a day in the picker, an option in a
 * select), never the form: a browser submits a form on Enter in any one-line
 * input, and an Enter that closed the 收到时间 picker registered a case half
 * filled — without its petitioner, so as anonymous. A case is registered by
 * 登记 (Enter on the button itself, a click), or Ctrl+Enter from any field.
 * Pickers and selects handle their own Enter before it reaches the form.
 */
function registerKeys(submit: () => void) {
  return (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submit();
      return;
    }
    // Not in a text area (a new line) nor on a button (its own click).
    if (event.target instanceof HTMLInputElement) event.preventDefault();
  };
}

/**
 * A receipt long before today is registered as it is (a letter found late), but a slip of the year or month
 * in the picker cannot be undone: the number carries the year and every clock runs from that day, already
 * overdue and escalated. So the desk is asked to check it, without being stopped.
 */
function lateReceiptWarning(at: dayjs.Dayjs | null | undefined): string | undefined {
  if (!at) return undefined;
  const days = chinaWallClock().startOf('day').diff(at.startOf('day'), 'day');
  if (days <= LATE_RECEIPT_DAYS) return undefined;
  return `收到时间是 ${days} 天前（${at.format('YYYY年M月D日')}）：各项期限从收到之日起算，登记后可能即已逾期，登记编号也按收到的年份编排。请核对年份和日期。`;
}

/** Past the 15 days within which an office registers and routes a matter (第二十二条), a receipt that old is worth a second look. */
const LATE_RECEIPT_DAYS = 15;

