// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { Col, Form, Input, Row } from 'antd';
import { describe, expect, it } from 'vitest';
import { observableCss } from './observable-css';
import { renderRoutes, signedInEachTest } from './render';

// The page tests' stylesheets keep only what decides visibility (observable-css.ts):
// an element antd hides by CSS alone must stay hidden to role queries, or a
// test asserting "not shown" could no longer fail.
describe('the page tests’ trimmed antd stylesheets', () => {
  signedInEachTest();

  it('still hide what antd hides by CSS alone', async () => {
    renderRoutes(
      [
        {
          path: '/',
          element: (
            <Form>
              <Form.Item hidden name="hidden" label="隐藏字段">
                <Input />
              </Form.Item>
              <Form.Item name="shown" label="可见字段">
                <Input />
              </Form.Item>
              <Row>
                <Col span={0}>
                  <Input aria-label="零宽栏" />
                </Col>
              </Row>
            </Form>
          ),
        },
      ],
      '/',
    );
    expect(await screen.findByRole('textbox', { name: '可见字段' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: '隐藏字段' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: '零宽栏' })).toBeNull();
  });

  it('keep the custom properties a display reads', () => {
    const css = '.col{--ant-grid-display:block;display:block;color:red}.form .col{--ant-grid-display:flex;margin:0}.x{display:var(--ant-grid-display);flex:1}';
    expect(observableCss(css)).toBe('.col{--ant-grid-display:block;display:block;}.form .col{--ant-grid-display:flex;}.x{display:var(--ant-grid-display);}');
  });
});
