import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Form, Input, List, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorMessage, issueText } from '../../api/client';
import { leaderLabel, useNames, useProvinceConfig } from '../../lib/config';
import type { HandoverResult } from './types';

type Values = { from: string; to: string; reason: string };

/**
 * 包案交接: after the configuration names a leader's successor (a leader moved
 * or retired), the cases on the departed leader's 包案 list pass to the
 * successor, case by case, as one designation does; the answer says which
 * passed, which were over already, and which the successor could not take.
 */
export function Handover() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const names = useNames();
  const { data: directory } = useProvinceConfig();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<{ values: Values; answer: HandoverResult }>();
  const leaders = useMemo(
    () =>
      (directory?.staff ?? [])
        .filter((s) => s.roles.includes('leader') && !s.unit)
        .map((s) => ({ value: s.id, label: leaderLabel(s, names.jurisdiction) })),
    [directory, names],
  );
  const handover = useMutation({
    mutationFn: async (values: Values) => (await api.POST('/admin/handover/owned-cases', { body: values })).data!,
    onSuccess: (answer, values) => {
      setResult({ values, answer });
      void message.success(`已交接 ${answer.handedOver.length} 件`);
      void client.invalidateQueries({ queryKey: ['admin-audit'] });
    },
    onError: (error) => {
      const issues = error instanceof ApiError ? error.issues.filter((i) => /^body\.(from|to|reason)$/.test(i.path)) : [];
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.path.slice('body.'.length) as keyof Values, errors: [issueText(i)] })));
      else void message.error(errorMessage(error));
    },
  });
  return (
    <Card title="包案交接" size="small">
      <Typography.Paragraph type="secondary">
        领导调整（调任、退休、分工变化）后，先在配置中写明接任的领导，再在此将离任领导包案的事项交给接任领导：仍在办理的逐件改由接任领导包案，记入事项并通知接任领导；已结案、已归档、已撤回等不再变动。接任领导须回避或级别不符的事项会列出，请逐件另行确定包案领导。可重复执行。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="handover" onFinish={(values) => handover.mutate({ ...values, from: values.from.trim(), reason: values.reason.trim() })} style={{ maxWidth: 560 }}>
        <Form.Item name="from" label="离任领导（人员编号）" rules={[{ required: true, whitespace: true, message: '请填写离任领导的人员编号' }]} extra="已从配置中移除的领导也可填写其原人员编号。">
          <AutoComplete options={leaders} filterOption={(input, option) => `${option?.value ?? ''}${option?.label ?? ''}`.includes(input)} placeholder="如 tonglu-leader-principal" />
        </Form.Item>
        <Form.Item name="to" label="接任领导" rules={[{ required: true, message: '请选择接任领导' }]}>
          <Select options={leaders} showSearch={{ optionFilterProp: 'label' }} placeholder="选择领导" />
        </Form.Item>
        <Form.Item name="reason" label="交接原因" rules={[{ required: true, whitespace: true, message: '请填写交接原因' }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：原县长调任，县长由新任领导接任" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={handover.isPending}>
            交接包案事项
          </Button>
        </Form.Item>
      </Form>
      {result ? <HandoverAnswer from={names.staff(result.values.from)} to={names.staff(result.values.to)} answer={result.answer} /> : null}
    </Card>
  );
}

function HandoverAnswer({ from, to, answer }: { from: string; to: string; answer: HandoverResult }) {
  const caseLink = (n: string) => <Link to={`/cases/${n}`}>{n}</Link>;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} role="region" aria-label="交接结果">
      <Alert
        type={answer.refused.length ? 'warning' : 'success'}
        showIcon
        title={`${from} 包案的事项：已交给 ${to} ${answer.handedOver.length} 件；已结束办理、不再变动 ${answer.ended.length} 件；未能交接 ${answer.refused.length} 件`}
      />
      {answer.handedOver.length ? (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          已交接：{answer.handedOver.map((n, i) => <span key={n}>{i ? '、' : ''}{caseLink(n)}</span>)}
        </Typography.Paragraph>
      ) : null}
      {answer.refused.length ? (
        <List
          size="small"
          header="未能交接（请在事项页另行确定包案领导）"
          dataSource={answer.refused}
          renderItem={(r) => (
            <List.Item>
              {caseLink(r.caseNumber)}：{r.message}
            </List.Item>
          )}
        />
      ) : null}
    </Space>
  );
}
