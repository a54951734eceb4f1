import { Col, Form, Input, Row } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { PERSON_RULES } from './PersonFields';
import { sameName } from './register-body';

/**
 * 代为反映人: who wrote, came or called for the petitioner (代写, 代访, 代为来电) — a daughter for her elderly
 * father, a village cadre for a disabled villager — under `writtenBy`, as the API takes it. `petitionerName`: where
 * the form holds the petitioner's name (the reception dialog keeps it at `name`).
 */
export function WriterFields({ petitionerName = ['petitioner', 'name'] }: { petitionerName?: NamePath } = {}) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item
          name={['writtenBy', 'relation']}
          label="信访人是代为反映人的"
          extra="填写关系，如：父亲、母亲、舅舅；村干部代为反映的填“村民”；受委托的填“委托人”"
          rules={[
            { required: true, whitespace: true, message: '请填写信访人与代为反映人的关系，如：父亲' },
            { max: 20, message: '关系不超过 20 个字' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['writtenBy', 'name']}
          label="代为反映人姓名"
          dependencies={[petitionerName]}
          rules={[
            { max: 100, message: '姓名不超过 100 个字' },
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if (sameName(value, getFieldValue(petitionerName) as string | undefined)) throw new Error('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人');
              },
            }),
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['writtenBy', 'phone']}
          label="代为反映人联系电话"
          dependencies={[['writtenBy', 'email']]}
          rules={[
            ...PERSON_RULES.phone,
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if (!value?.trim() && !(getFieldValue(['writtenBy', 'email']) as string | undefined)?.trim()) throw new Error('请填写代为反映人的联系电话或电子邮箱');
              },
            }),
          ]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['writtenBy', 'email']} label="代为反映人电子邮件" rules={PERSON_RULES.email}>
          <Input inputMode="email" autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}
