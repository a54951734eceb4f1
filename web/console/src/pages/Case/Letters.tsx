import { App, Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CaseMessage } from '../../api/types';
import { printPage, saveFile } from '../../lib/save-file';
import { formatDateTime } from '../../lib/time';

/**
 * 文书: the decision letters of a case (处理意见书, and the review's), readable
 * here and, as the API renders them for post, printed or saved. Shown only
 * when the case has one; a reader of the case may read its letters.
 */
export function DecisionLetters({ caseNumber, messages }: { caseNumber: string; messages: CaseMessage[] }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  const letters = messages.filter((m) => m.kind === 'decisionLetter').sort((a, b) => a.at.localeCompare(b.at));
  if (letters.length === 0) return null;

  /** The letter as the API gives it: the printable page for a petitioner without email. */
  async function page(letter: CaseMessage, then: (html: string) => void) {
    setBusy(letter.id);
    try {
      const { data } = await api.GET('/cases/{caseNumber}/decision-letter', {
        params: { path: { caseNumber }, query: { id: letter.id } },
        parseAs: 'text',
      });
      then(data ?? '');
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card title="文书" role="region" aria-label="文书">
      <List
        dataSource={letters}
        renderItem={(letter) => (
          <List.Item key={letter.id}>
            <section aria-label={letter.subject} style={{ width: '100%' }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{letter.subject}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(letter.at)}</Typography.Text>
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
                </Space>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{letter.text}</Typography.Paragraph>
            </section>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A subject as a file name: characters file systems refuse become _. */
function fileName(subject: string): string {
  return subject.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120) || '处理意见书';
}
