import { Col, Form, Input, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { GENDERS } from '../../../../../shared/domain/case.js';
import { GENDER_LABELS } from '../../lib/labels';
import { staffPhoneProblem, typedPhone } from '../../../../../shared/domain/phone-number.js';
import { ageOf, type FieldName } from './register-body';

const GENDER_OPTIONS = GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }));

/** The API's phone check (digits, spaces, +, -, parentheses; 7 to 20), on the trimmed text as the API trims it. */
const PHONE = /^\+?[\d\s()-]{7,20}$/;

const maxLength = (max: number, what: string): Rule => ({ max, message: `${what}不超过 ${max} 个字` });

export const PERSON_RULES = {
  // Typed as text, not a number box: a number box empties “二百” without a word, and the age is silently lost.
  age: [
    {
      validator: async (_, value?: string | number | null) => {
        const age = ageOf(value);
        if (typeof age === 'object') throw new Error(age.error);
      },
    },
  ] satisfies Rule[],
  email: [{ type: 'email', message: '请填写有效的电子邮件地址，如 name@example.com' }] satisfies Rule[],
  phone: [
    {
      validator: async (_, value?: string) => {
        if (!value?.trim()) return;
        if (!PHONE.test(typedPhone(value))) throw new Error('电话号码为 7 至 20 位数字，可含空格、+、- 和括号');
        const problem = staffPhoneProblem(value);
        if (problem) throw new Error(problem);
      },
    },
  ] satisfies Rule[],
};

/**
 * A person's fields — the petitioner's or a representative's, as the API's
 * petitioner takes them — under `prefix` (['petitioner'], or a Form.List
 * item's [index]). `nameExtra` says, under the name, what the fields filled
 * so far will record.
 */
export function PersonFields(props: { prefix: FieldName; nameLabel: string; nameRules?: Rule[]; nameExtra?: string }) {
  const { prefix } = props;
  const at = (key: string) => [...prefix, key];
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name={at('name')} label={props.nameLabel} rules={[...(props.nameRules ?? []), maxLength(100, '姓名')]} {...(props.nameExtra ? { extra: props.nameExtra } : {})}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name={at('gender')} label="性别">
          <Select allowClear placeholder="未填写" options={GENDER_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name={at('age')} label="年龄" rules={PERSON_RULES.age}>
          <Input inputMode="numeric" autoComplete="off" suffix="岁" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={at('phone')} label="联系电话" rules={PERSON_RULES.phone}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={at('email')} label="电子邮件" rules={PERSON_RULES.email}>
          <Input inputMode="email" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={at('occupation')} label="职业" rules={[maxLength(100, '职业')]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={at('workUnit')} label="工作单位" rules={[maxLength(200, '工作单位')]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={at('address')} label="住址" rules={[maxLength(300, '住址')]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}
