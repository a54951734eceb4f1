import { Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { MAX_REPRESENTATIVES } from '../../../../../shared/domain/case.js';
import { PersonFields } from './PersonFields';

/** The API's bounds of a collective petition's head count. */
const MIN_HEAD_COUNT = 2;
const MAX_HEAD_COUNT = 100_000;

/**
 * 集体访: how many people raise the matter together, and the representatives
 * they chose — at most MAX_REPRESENTATIVES (《信访工作条例》第二十条), each
 * added and removed here, each with the petitioner's fields.
 */
export function CollectiveFields() {
  return (
    <>
      <Form.Item
        name={['collective', 'headCount']}
        label="集体访人数"
        rules={[
          { required: true, message: '请填写集体访人数' },
          { type: 'integer', min: MIN_HEAD_COUNT, max: MAX_HEAD_COUNT, message: `集体访人数应为 ${MIN_HEAD_COUNT} 至 ${MAX_HEAD_COUNT} 之间的整数` },
        ]}
      >
        {/* No min/max on the control: it would silently change what was typed; the rule says why instead. */}
        <InputNumber precision={0} style={{ width: 200 }} suffix="人" />
      </Form.Item>
      <Form.List
        name={['collective', 'representatives']}
        rules={[
          {
            validator: async (_, representatives?: unknown[]) => {
              if ((representatives?.length ?? 0) > MAX_REPRESENTATIVES) throw new Error(`集体访推选代表不超过 ${MAX_REPRESENTATIVES} 人`);
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          // A plain column, not <Space>: Space re-keys its items as the list grows, which would remount
          // 添加代表 and drop the keyboard focus from it.
          <div style={{ display: 'flex', flexDirection: 'column', gap: 12, marginBottom: 24 }}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                role="group"
                aria-label={`代表 ${index + 1}`}
                title={`代表 ${index + 1}`}
                extra={
                  <Button type="link" danger aria-label={`删除代表 ${index + 1}`} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                }
              >
                <PersonFields prefix={[field.name]} nameLabel="姓名" nameRules={[{ required: true, whitespace: true, message: '请填写代表姓名' }]} />
              </Card>
            ))}
            <Space wrap>
              <Button onClick={() => add()} disabled={fields.length >= MAX_REPRESENTATIVES} aria-describedby="register-representatives-hint">
                添加代表
              </Button>
              <Typography.Text type="secondary" id="register-representatives-hint">
                {fields.length >= MAX_REPRESENTATIVES
                  ? `已有 ${MAX_REPRESENTATIVES} 名代表，不能再添加（集体访推选代表不超过 ${MAX_REPRESENTATIVES} 人）`
                  : `已添加 ${fields.length} 名代表，最多 ${MAX_REPRESENTATIVES} 名`}
              </Typography.Text>
            </Space>
            <Form.ErrorList errors={errors} />
          </div>
        )}
      </Form.List>
    </>
  );
}
