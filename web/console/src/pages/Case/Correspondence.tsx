import { MailOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { ItemList } from '../../components/ItemList';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CaseMessage } from '../../api/types';
import { saveFile } from '../../lib/save-file';
import { formatDateTime } from '../../lib/time';
import { originalEmailId } from '../../../../../shared/domain/messages.js';

type Attachment = CaseMessage['attachments'][number];

/** e.g. 356 KB, 2.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const FOLD_LINES = 4;
const FOLD_CHARS = 240;

/** A mail's words, the first few lines of a long one with 展开全文 (plain text: no label that would stand for the whole mail). */
function MailText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const lines = text.split('\n');
  const long = lines.length > FOLD_LINES || text.length > FOLD_CHARS;
  const shown = !long || open ? text : `${lines.slice(0, FOLD_LINES).join('\n').slice(0, FOLD_CHARS)}…`;
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
      {shown}
      {long ? (
        <Button type="link" size="small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '收起' : '展开全文'}
        </Button>
      ) : null}
    </Typography.Paragraph>
  );
}

/** 往来信件: the mail in and out of the case, each with its words and its attachments to download. */
export function Correspondence({ caseNumber, messages }: { caseNumber: string; messages: CaseMessage[] }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();

  async function download(attachment: Attachment) {
    setBusy(attachment.id);
    try {
      const { data } = await api.GET('/cases/{caseNumber}/attachments/{attachmentId}', {
        params: { path: { caseNumber, attachmentId: attachment.id } },
        parseAs: 'blob',
      });
      if (data) saveFile(data, attachment.filename);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  /** The email as received (.eml): all of a long one, whose text here is cut, with its headers and every part. */
  async function downloadOriginal(emailId: string) {
    setBusy(`original:${emailId}`);
    try {
      const { data } = await api.GET('/cases/{caseNumber}/originals/{emailId}', {
        params: { path: { caseNumber, emailId } },
        parseAs: 'blob',
      });
      if (data) saveFile(data, `${caseNumber}-原邮件-${emailId}.eml`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card title="往来信件">
      <ItemList
        emptyText="暂无信件"
        items={messages}
        itemKey={(m) => m.id}
        renderItem={(m) => (
          <>
            <Space orientation="vertical" size={4}>
              <Space wrap>
                <Tag color={m.direction === 'in' ? 'geekblue' : m.postFrom ? 'gold' : 'green'}>{m.direction === 'in' ? (m.kind === 'repeat' ? '重复件' : '来信') : m.byPhone ? '电话告知' : m.postFrom ? '邮寄' : '去信'}</Tag>
                {/* Kept for staff to check, its files too: nothing was done on it until the sender is confirmed. */}
                {m.direction === 'in' && m.senderVerified === false ? <Tag color="orange">发件人未验证</Tag> : null}
                <span>{m.subject}</span>
                <Typography.Text type="secondary">{formatDateTime(m.at)}</Typography.Text>
                {originalEmailId(m) ? (
                  <Button
                    type="link"
                    size="small"
                    icon={<MailOutlined />}
                    loading={busy === `original:${originalEmailId(m)}`}
                    aria-label={`下载原邮件 ${m.subject}`}
                    onClick={() => void downloadOriginal(originalEmailId(m)!)}
                  >
                    原邮件
                  </Button>
                ) : null}
              </Space>
              {/* What the petitioner wrote back (补充材料, a repeat's words) is read here; long mail folds to a few lines. */}
              {m.text.trim() ? <MailText text={m.text} /> : null}
              {m.attachments.length > 0 ? (
                <Space wrap size={0} role="group" aria-label={`${m.subject}的附件${m.senderVerified === false ? '（发件人未验证）' : ''}`}>
                  {m.attachments.map((a) => (
                    <Button
                      key={a.id}
                      type="link"
                      size="small"
                      icon={<PaperClipOutlined />}
                      loading={busy === a.id}
                      aria-label={`下载附件 ${a.filename}`}
                      onClick={() => void download(a)}
                    >
                      {a.filename}（{formatSize(a.size)}）
                    </Button>
                  ))}
                </Space>
              ) : null}
            </Space>
          </>
        )}
      />
    </Card>
  );
}
