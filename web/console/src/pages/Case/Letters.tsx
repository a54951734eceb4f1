import { App, Button, Card, DatePicker, Form, Modal, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CaseMessage, CaseRecord } from '../../api/types';
import { ItemList } from '../../components/ItemList';
import { printPage, saveFile } from '../../lib/save-file';
import { chinaDate, formatDateTime } from '../../lib/time';

type PostalLetter = NonNullable<CaseRecord['postalLetters']>[number];

/**
 * 文书: the decision letters of a case (处理意见书, and the review's) and
 * every letter for post (受理告知书、不予受理告知书、延期办理告知书… to a
 * petitioner without email), readable here and, as the API renders them for
 * post, printed or saved. A letter for post says whether it has left; staff
 * who may post it record the day with 已寄出, which takes it off the office's
 * 待寄送 list; the 越级上访告知单 given to a visitor is printed here too.
 * Shown only when the case has such a letter.
 */
export function DecisionLetters({
  c,
  messages,
  canPost,
  onPosted,
}: {
  c: CaseRecord;
  messages: CaseMessage[];
  canPost: boolean;
  onPosted: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  const [posting, setPosting] = useState<PostalLetter>();
  const [form] = Form.useForm<{ postedOn: Dayjs }>();
  const postal = new Map((c.postalLetters ?? []).map((l) => [l.id, l]));
  // The 越级上访告知单 is printed and handed over at the desk, as the letters for post are printed.
  const letters = messages
    .filter((m) => m.direction === 'out' && (m.kind === 'decisionLetter' || m.kind === 'bypassNotice' || postal.has(m.id)))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (letters.length === 0) return null;

  /** The letter as the API gives it: the printable page for a petitioner without email. */
  async function page(letter: CaseMessage, then: (html: string) => void) {
    setBusy(letter.id);
    try {
      const { data } = await api.GET('/cases/{caseNumber}/decision-letter', {
        params: { path: { caseNumber: c.caseNumber }, query: { id: letter.id } },
        parseAs: 'text',
      });
      then(data ?? '');
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  async function recordPosted() {
    if (!posting) return;
    const { postedOn } = await form.validateFields();
    setBusy(posting.id);
    try {
      await api.POST('/cases/{caseNumber}/letters/posted', {
        params: { path: { caseNumber: c.caseNumber } },
        body: { letterId: posting.id, postedOn: postedOn.format('YYYY-MM-DD'), expectedVersion: c.version },
      });
      message.success(`已记录寄出：${posting.subject}`);
      setPosting(undefined);
      await onPosted();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card title="文书" role="region" aria-label="文书">
      <ItemList
        items={letters}
        itemKey={(letter) => letter.id}
        renderItem={(letter) => {
          const post = postal.get(letter.id);
          return (
            <>
              <section aria-label={letter.subject} style={{ width: '100%' }}>
                <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{letter.subject}</Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(letter.at)}</Typography.Text>
                    {post ? post.postedOn ? <Tag color="green">已于 {post.postedOn} 寄出</Tag> : <Tag color="orange">待寄送</Tag> : null}
                  </Space>
                  <Space>
                    <Button aria-label={`打印 ${letter.subject}`} loading={busy === letter.id} onClick={() => void page(letter, printPage)}>
                      打印
                    </Button>
                    <Button
                      aria-label={`下载 ${letter.subject}`}
                      loading={busy === letter.id}
                      onClick={() => void page(letter, (html) => saveFile(new Blob([html], { type: 'text/html;charset=utf-8' }), `${fileName(letter.subject)}.html`))}
                    >
                      下载
                    </Button>
                    {post && !post.postedOn && canPost ? (
                      <Button
                        type="primary"
                        aria-label={`已寄出 ${letter.subject}`}
                        onClick={() => {
                          // Today as a China date: the API counts days in Beijing whatever the browser's zone.
                          form.setFieldsValue({ postedOn: dayjs(chinaDate()) });
                          setPosting(post);
                        }}
                      >
                        已寄出
                      </Button>
                    ) : null}
                  </Space>
                </Space>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{letter.text}</Typography.Paragraph>
              </section>
            </>
          );
        }}
      />
      <Modal
        title="记录寄出"
        open={posting !== undefined}
        okText="确认寄出"
        cancelText="取消"
        confirmLoading={posting !== undefined && busy === posting.id}
        onOk={() => void recordPosted()}
        onCancel={() => setPosting(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{posting?.subject}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="postedOn"
            label="寄出日期"
            rules={[{ required: true, message: '请选择寄出日期' }]}
            extra="信件实际交寄的日期，不能晚于今天，也不能早于信件制作日期。"
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(day) => {
                const date = day.format('YYYY-MM-DD');
                return date > chinaDate() || (posting !== undefined && date < chinaDate(posting.at));
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** A subject as a file name: characters file systems refuse become _. */
function fileName(subject: string): string {
  return subject.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120) || '处理意见书';
}
