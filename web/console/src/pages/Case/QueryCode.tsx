import { App, Button, Descriptions, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { operations } from '../../api/schema';
import { printPage } from '../../lib/save-file';
import { formatDateTime } from '../../lib/time';

type Issued = operations['issueQueryCode']['responses'][201]['content']['application/json'];

/**
 * 发放查询码: at the desk or on the phone, staff give the petitioner a query
 * code to follow the case on the portal (《信访工作条例》第二十一条); to a
 * petitioner with a postal address on the case they may post it instead, on
 * a slip printed with the address. The code is shown this once — to read
 * out, or to print as a slip — and replaces any earlier one, which the
 * confirmation says before anything is issued.
 */
export function QueryCodeButton({ caseNumber, hasEmail, postalAddress, onIssued }: { caseNumber: string; hasEmail: boolean; postalAddress?: string | undefined; onIssued: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [confirming, setConfirming] = useState(false);
  const [via, setVia] = useState<'desk' | 'post'>('desk');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued>();

  async function issue() {
    setBusy(true);
    try {
      const { data } = await api.POST('/cases/{caseNumber}/query-code', { params: { path: { caseNumber } }, body: { via: postalAddress ? via : 'desk' } });
      setConfirming(false);
      if (data) setIssued(data);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  // The case is read again only once the code is put away: reloading the page meanwhile could take the code off the screen before it was told.
  function done() {
    setIssued(undefined);
    void onIssued();
  }

  return (
    <>
      <Button onClick={() => setConfirming(true)}>发放查询码</Button>
      <Modal
        title={`发放查询码 · ${caseNumber}`}
        open={confirming}
        okText="发放"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void issue()}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>信访人凭登记编号和查询码，可以在网上信访查询办理进展、阅读处理意见书、补充材料和评价办理结果。</Typography.Paragraph>
        <Typography.Paragraph>发放新的查询码后，此前发放的查询码即失效。查询码只显示这一次，请当面或电话告知信访人，或打印交给信访人本人。</Typography.Paragraph>
        {postalAddress ? (
          <Radio.Group aria-label="告知方式" value={via} onChange={(e) => setVia(e.target.value as 'desk' | 'post')} style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 12 }}>
            <Radio value="desk">当面或电话告知</Radio>
            <Radio value="post">打印告知单，邮寄至信访人地址：{postalAddress}</Radio>
          </Radio.Group>
        ) : null}
        {hasEmail ? <Typography.Paragraph type="secondary">信访人留有电子邮箱，也可以自行在网上信访“用邮箱领取查询码”。</Typography.Paragraph> : null}
      </Modal>
      <Modal
        title="查询码已发放"
        open={issued !== undefined}
        okText="完成"
        onOk={done}
        onCancel={done}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        {issued ? (
          <>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="登记编号">{issued.caseNumber}</Descriptions.Item>
              <Descriptions.Item label="查询码">
                <Typography.Text code copyable style={{ fontSize: 20, letterSpacing: 2 }} aria-label="查询码">
                  {issued.queryCode}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="查询网址">{issued.trackingUrl}</Descriptions.Item>
              <Descriptions.Item label="发放时间">{formatDateTime(issued.issuedAt)}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
              关闭后不能再次查看。请现在告知信访人或打印。
            </Typography.Paragraph>
            {issued.postTo ? <Typography.Paragraph>{`邮寄至：${issued.postTo.address}\u3000${issued.postTo.name} 收`}</Typography.Paragraph> : null}
            <Button onClick={() => printPage(slip(issued))}>{issued.postTo ? '打印查询码告知单（邮寄）' : '打印查询码告知单'}</Button>
          </>
        ) : null}
      </Modal>
    </>
  );
}

const escape = (text: string) => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** The slip handed to the petitioner: number, code, where to look, and to keep it to themselves. */
function slip(issued: Issued): string {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>查询码告知单</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2cm;font-size:14pt;line-height:1.8}h1{font-size:18pt;text-align:center}.code{font-family:monospace;font-size:20pt;letter-spacing:2px}.to{margin:0 0 1.5cm;font-size:13pt}</style>
${issued.postTo ? `<p class="to">${escape(issued.postTo.address)}<br>${escape(issued.postTo.name)} 收</p>` : ''}
<h1>信访事项查询码告知单</h1>
<p>登记编号：<span class="code">${escape(issued.caseNumber)}</span></p>
<p>查询码：<span class="code">${escape(issued.queryCode)}</span></p>
<p>凭登记编号和查询码，可以在 ${escape(issued.trackingUrl)} 查询办理进展，阅读和打印处理意见书，补充材料，评价办理结果。</p>
<p>请妥善保存查询码，不要告诉他人；工作人员不会向您索要查询码。再次领取新的查询码后，本查询码失效。</p>
<p>发放时间：${escape(formatDateTime(issued.issuedAt))}</p>
</html>`;
}
