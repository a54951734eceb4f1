import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Names } from '../../lib/config';
import { formatDateTime } from '../../lib/time';

export type DecisionLetterDraft = paths['/cases/{caseNumber}/decision-letter/draft']['get']['responses'][200]['content']['application/json'];

/** How 答复 will deliver the letter, as staff read it before they send it. */
export function deliveryWords(draft: Pick<DecisionLetterDraft, 'delivery' | 'to' | 'postFrom'>, office: (code: string) => string): string {
  const to = draft.to;
  const from = draft.postFrom ? office(draft.postFrom) : '本机关';
  if (draft.delivery === 'email' && to && 'email' in to) return `答复后即通过电子邮件发送至 ${to.email}`;
  if (draft.delivery === 'post' && to && 'address' in to) return `答复后列入${from}待寄送，打印盖章后寄往：${to.address}（收件人：${to.name}）`;
  if (draft.delivery === 'phone' && to && 'phone' in to) return `信访人只留有电话：答复后列入${from}待电话告知，请致电 ${to.phone} 告知意见书内容`;
  return '信访人未留联系方式：答复后意见书留存在本事项“文书”中，无法送达';
}

/**
 * 审核签发: 预览处理意见书 — the letter as 答复 would send it now, composed by
 * the API with the reply's own composer, and how it will go. From here staff
 * correct the result (更正办理结果) or reply; the reply carries the version
 * read over, so a letter corrected meanwhile is not sent unread.
 */
export function LetterPreviewButton({
  caseNumber,
  names,
  canCorrect,
  disabled,
  onCorrect,
  onReply,
}: {
  caseNumber: string;
  names: Names;
  canCorrect: boolean;
  disabled?: boolean;
  onCorrect: () => void;
  /** Replies with the version the letter was read at; true when done (the dialog then closes). */
  onReply: (version: number) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [replying, setReplying] = useState(false);
  const draft = useQuery({
    queryKey: ['decision-letter-draft', caseNumber],
    queryFn: async (): Promise<DecisionLetterDraft> => {
      const { data } = await api.GET('/cases/{caseNumber}/decision-letter/draft', { params: { path: { caseNumber } } });
      return data!;
    },
    enabled: open,
    // Composed anew each time it is opened: a correction since changes it.
    gcTime: 0,
    staleTime: 0,
  });

  async function reply() {
    if (!draft.data) return;
    setReplying(true);
    try {
      if (await onReply(draft.data.version)) setOpen(false);
    } finally {
      setReplying(false);
    }
  }

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        预览处理意见书
      </Button>
      <Modal
        open={open}
        title={`预览处理意见书 · ${caseNumber}`}
        width={760}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          <Space wrap style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>关闭</Button>
            {canCorrect ? (
              <Button
                onClick={() => {
                  setOpen(false);
                  onCorrect();
                }}
              >
                更正办理结果
              </Button>
            ) : null}
            {/* Only the letter on screen is replied: not while it is composed again (a correction since changes it). */}
            <Button type="primary" loading={replying} disabled={!draft.data || draft.isFetching} onClick={() => void reply()}>
              确认无误，答复
            </Button>
          </Space>
        }
      >
        {draft.isFetching ? <Typography.Paragraph>正在生成预览…</Typography.Paragraph> : null}
        {draft.error ? <Alert type="error" showIcon title={errorMessage(draft.error)} /> : null}
        {draft.data && !draft.isFetching ? (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={deliveryWords(draft.data, names.office)} description={`以下为按现有办理结果于 ${formatDateTime(draft.data.composedAt)} 生成的意见书，答复时以答复当日为落款日期；内容有误的，请先更正办理结果，不要答复。`} />
            <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
              <Descriptions.Item label="标题">{draft.data.subject}</Descriptions.Item>
            </Descriptions>
            {/* Scrollable by keyboard too: a long letter is read here before it is sent. */}
            <div
              role="document"
              aria-label="处理意见书正文"
              tabIndex={0}
              style={{ maxHeight: '60vh', overflowY: 'auto', border: '1px solid #d9d9d9', borderRadius: 6, padding: 12, background: '#fafafa' }}
            >
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>{draft.data.text}</Typography.Paragraph>
            </div>
          </>
        ) : null}
      </Modal>
    </>
  );
}
