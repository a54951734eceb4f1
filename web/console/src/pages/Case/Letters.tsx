import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CaseMessage, CaseRecord } from '../../api/types';
import { DayPicker } from '../../components/DayPicker';
import { ItemList } from '../../components/ItemList';
import { pastDayRule } from '../../lib/day-rule';
import { printPage, saveFile } from '../../lib/save-file';
import { chinaDate, formatDateTime, formatDay } from '../../lib/time';

type PostalLetter = NonNullable<CaseRecord['postalLetters']>[number];

/**
 * 文书: the decision letters of a case (处理意见书, and the review's) and
 * every letter for post (受理告知书、不予受理告知书、延期办理告知书… to a
 * petitioner without email), readable here and, as the API renders them for
 * post, printed or saved. A letter for post says whether it has left; staff
 * who may post it record the day with 已寄出, which takes it off the office's
 * 待寄送 list. To a petitioner who left only a telephone number the letter is
 * read out on the phone: 已电话告知 records the day and what was said, and
 * takes it off the 待电话告知 list. Once the return receipt (回执) or the
 * post's tracking shows the day a posted letter arrived, 登记签收 records it:
 * a decision letter's review window counts from its receipt. A letter handed
 * to the petitioner in person — a visitor answered at the desk, or one who
 * came for the letter told by phone — is recorded with 当面送达 (the day,
 * signed for or refused): a decision letter's review window counts from that
 * day. The 越级上访告知单 given to a visitor is printed here too. Shown only
 * when the case has such a letter.
 */
export function DecisionLetters({
  c,
  messages,
  canPost,
  canReceive,
  canPhone,
  canHandOver = false,
  onPosted,
  events = [],
}: {
  c: CaseRecord;
  messages: CaseMessage[];
  canPost: boolean;
  /** 登记签收: once every letter is posted, postLetter is no longer offered, but a receipt may still come back. */
  canReceive: boolean;
  canPhone: boolean;
  /** 当面送达: a letter not yet sent, or a decision letter told by phone whose written copy is handed over. */
  canHandOver?: boolean;
  onPosted: () => Promise<unknown>;
  /** The case's history: a letter not yet posted or told is flagged when the case went to another unit or office after it was written. */
  events?: readonly { type: string; at: string }[];
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  // The letter whose posting (or call) is being recorded.
  const [posting, setPosting] = useState<PostalLetter>();
  const [form] = Form.useForm<{ day: Dayjs; note?: string; outcome?: 'told' | 'unreachable' }>();
  // The posted letter whose receipt (签收) is being recorded.
  const [receipt, setReceipt] = useState<PostalLetter>();
  const [receiptForm] = Form.useForm<{ day: Dayjs }>();
  // The letter being handed over in person (当面送达).
  const [handing, setHanding] = useState<PostalLetter>();
  const [handForm] = Form.useForm<{ day: Dayjs; signature: 'signed' | 'refused'; note?: string }>();
  const byPhone = posting?.channel === 'phone';
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
    // A field left empty: the form says so under it.
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const { day, note, outcome } = values;
    setBusy(posting.id);
    try {
      const params = { path: { caseNumber: c.caseNumber } };
      if (byPhone) {
        await api.POST('/cases/{caseNumber}/letters/phoned', {
          params,
          body: { letterId: posting.id, toldOn: day.format('YYYY-MM-DD'), note: note ?? '', outcome: outcome ?? 'told', expectedVersion: c.version },
        });
      } else {
        await api.POST('/cases/{caseNumber}/letters/posted', { params, body: { letterId: posting.id, postedOn: day.format('YYYY-MM-DD'), expectedVersion: c.version } });
      }
      message.success(`${byPhone ? '已记录电话告知' : '已记录寄出'}：${posting.subject}`);
      setPosting(undefined);
      await onPosted();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  async function recordReceived() {
    if (!receipt) return;
    const values = await receiptForm.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(receipt.id);
    try {
      await api.POST('/cases/{caseNumber}/letters/received', {
        params: { path: { caseNumber: c.caseNumber } },
        body: { letterId: receipt.id, receivedOn: values.day.format('YYYY-MM-DD'), expectedVersion: c.version },
      });
      message.success(`已登记签收：${receipt.subject}`);
      setReceipt(undefined);
      await onPosted();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  async function recordHandedOver() {
    if (!handing) return;
    const values = await handForm.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(handing.id);
    try {
      const note = values.note?.trim();
      await api.POST('/cases/{caseNumber}/letters/handed-over', {
        params: { path: { caseNumber: c.caseNumber } },
        body: { letterId: handing.id, handedOn: values.day.format('YYYY-MM-DD'), signature: values.signature, ...(note ? { note } : {}), expectedVersion: c.version },
      });
      message.success(`已记录当面送达：${handing.subject}`);
      setHanding(undefined);
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
                    {post ? <DeliveryTag letter={post} /> : null}
                  </Space>
                  <Space>
                    {/* A void letter (its decision withdrawn before it left) is kept to read, not printed to send. */}
                    {post?.withdrawnAt ? null : (
                      <Button aria-label={`打印 ${letter.subject}`} loading={busy === letter.id} onClick={() => void page(letter, printPage)}>
                        打印
                      </Button>
                    )}
                    <Button
                      aria-label={`下载 ${letter.subject}`}
                      loading={busy === letter.id}
                      onClick={() => void page(letter, (html) => saveFile(new Blob([html], { type: 'text/html;charset=utf-8' }), `${fileName(letter.subject)}.html`))}
                    >
                      下载
                    </Button>
                    {post && !delivered(post) && (post.channel === 'phone' ? canPhone : canPost) ? (
                      <Button
                        type="primary"
                        aria-label={`${post.channel === 'phone' ? '已电话告知' : '已寄出'} ${letter.subject}`}
                        onClick={() => {
                          // Today as a China date: the API counts days in Beijing whatever the browser's zone.
                          form.setFieldsValue({ day: dayjs(chinaDate()), note: undefined, outcome: 'told' });
                          setPosting(post);
                        }}
                      >
                        {post.channel === 'phone' ? '已电话告知' : '已寄出'}
                      </Button>
                    ) : null}
                    {post && canHandOver && handable(post) ? (
                      <Button
                        aria-label={`当面送达 ${letter.subject}`}
                        onClick={() => {
                          handForm.setFieldsValue({ day: dayjs(chinaDate()), signature: 'signed', note: undefined });
                          setHanding(post);
                        }}
                      >
                        当面送达
                      </Button>
                    ) : null}
                    {post?.postedOn && !post.receivedOn && canReceive ? (
                      <Button
                        aria-label={`登记签收 ${letter.subject}`}
                        onClick={() => {
                          receiptForm.setFieldsValue({ day: dayjs(chinaDate()) });
                          setReceipt(post);
                        }}
                      >
                        登记签收
                      </Button>
                    ) : null}
                  </Space>
                </Space>
                {post && !delivered(post) && !post.withdrawnAt && movedSince(events, letter.at) ? (
                  <Alert
                    style={{ marginTop: 8 }}
                    type="warning"
                    showIcon
                    message={`本${post.channel === 'phone' ? '告知书' : '信件'}写成后，该事项已${movedSince(events, letter.at)}：其中所写的办理单位或机关可能已不是现在的，${post.channel === 'phone' ? '告知时' : '寄出前'}请核对并向信访人说明现在的办理情况。`}
                  />
                ) : null}
                {post?.toldNote ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>告知情况：{post.toldNote}</Typography.Paragraph> : null}
                {post?.handedOn ? (
                  <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                    送达情况：{post.handedBy ?? '工作人员'}于{formatDay(post.handedOn)}当面送达，{post.handedSignature === 'refused' ? '信访人拒绝签收' : '信访人已签收'}
                    {post.handedNote ? `；${post.handedNote}` : ''}
                  </Typography.Paragraph>
                ) : null}
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{letter.text}</Typography.Paragraph>
              </section>
            </>
          );
        }}
      />
      <Modal
        title={byPhone ? '记录电话告知' : '记录寄出'}
        open={posting !== undefined}
        okText={byPhone ? '确认已告知' : '确认寄出'}
        cancelText="取消"
        confirmLoading={posting !== undefined && busy === posting.id}
        onOk={() => void recordPosted()}
        onCancel={() => setPosting(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{posting?.subject}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="day"
            label={byPhone ? '告知日期' : '寄出日期'}
            rules={[
              { required: true, message: byPhone ? '请选择告知日期' : '请选择寄出日期' },
              pastDayRule(byPhone ? '告知日期' : '寄出日期', { day: posting ? chinaDate(posting.at) : undefined, what: byPhone ? '告知书制作日期' : '信件制作日期' }),
            ]}
            extra={byPhone ? '电话告知信访人的日期，不能晚于今天，也不能早于告知书制作日期。一次未接通的不要记录，告知书留在待电话告知中；多次联系未果的，选“多次联系未果”并在告知情况中写明联系的时间和次数。' : '信件实际交寄的日期，不能晚于今天，也不能早于信件制作日期。'}
          >
            <DayPicker
              style={{ width: '100%' }}
              disabledDate={(day) => {
                const date = day.format('YYYY-MM-DD');
                return date > chinaDate() || (posting !== undefined && date < chinaDate(posting.at));
              }}
            />
          </Form.Item>
          {byPhone ? (
            <Form.Item name="outcome" label="结果">
              <Radio.Group
                options={[
                  { value: 'told', label: '已告知信访人' },
                  { value: 'unreachable', label: '多次联系未果（告知书留存备取）' },
                ]}
              />
            </Form.Item>
          ) : null}
          {byPhone ? (
            <Form.Item name="note" label="告知情况" rules={[{ required: true, whitespace: true, message: '请记录告知了什么、信访人如何答复' }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount placeholder="例如：已电话告知受理及承办单位、办理期限，信访人表示知晓。" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        title="登记签收"
        open={receipt !== undefined}
        okText="确认签收日期"
        cancelText="取消"
        confirmLoading={receipt !== undefined && busy === receipt.id}
        onOk={() => void recordReceived()}
        onCancel={() => setReceipt(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{receipt?.subject}</Typography.Paragraph>
        <Form form={receiptForm} layout="vertical">
          <Form.Item
            name="day"
            label="签收日期"
            rules={[{ required: true, message: '请选择签收日期' }, pastDayRule('签收日期', { day: receipt?.postedOn, what: '寄出日期' })]}
            extra="以回执或邮件查询记录为准，不能早于寄出日期，也不能晚于今天。处理意见书的复查（复核）申请期限自签收之日起重新计算，只会延后。"
          >
            <DayPicker
              style={{ width: '100%' }}
              disabledDate={(day) => {
                const date = day.format('YYYY-MM-DD');
                return date > chinaDate() || (receipt?.postedOn !== undefined && date < receipt.postedOn);
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="记录当面送达"
        open={handing !== undefined}
        okText="确认已送达"
        cancelText="取消"
        confirmLoading={handing !== undefined && busy === handing.id}
        onOk={() => void recordHandedOver()}
        onCancel={() => setHanding(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{handing?.subject}</Typography.Paragraph>
        <Form form={handForm} layout="vertical">
          <Form.Item
            name="day"
            label="送达日期"
            rules={[{ required: true, message: '请选择送达日期' }, pastDayRule('送达日期', { day: handing ? chinaDate(handing.at) : undefined, what: '文书制作日期' })]}
            extra="将书面文书当面交给信访人的日期，不能晚于今天，也不能早于文书制作日期。处理意见书的复查（复核）申请期限自送达之日起计算，只会延后。"
          >
            <DayPicker
              style={{ width: '100%' }}
              disabledDate={(day) => {
                const date = day.format('YYYY-MM-DD');
                return date > chinaDate() || (handing !== undefined && date < chinaDate(handing.at));
              }}
            />
          </Form.Item>
          <Form.Item name="signature" label="签收情况">
            <Radio.Group
              options={[
                { value: 'signed', label: '信访人已签收' },
                { value: 'refused', label: '信访人拒绝签收' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['signature']}>
            {({ getFieldValue }) => (
              <Form.Item
                name="note"
                label="送达情况"
                rules={getFieldValue('signature') === 'refused' ? [{ required: true, whitespace: true, message: '信访人拒绝签收的，请写明拒签情况和在场人员' }] : []}
              >
                <Input.TextArea rows={3} maxLength={1000} showCount placeholder="例如：信访人当场阅读后签收。拒绝签收的，写明拒签情况和在场见证人员。" />
              </Form.Item>
            )}
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 当面送达 is offered for a letter not yet sent, or a decision letter only told by phone (its written copy collected). */
const handable = (letter: PostalLetter): boolean => !letter.postedAt && !letter.handedAt && !letter.withdrawnAt && (!letter.toldAt || letter.kind === 'decisionLetter');

/** Out of staff's hands: posted, told by phone, or void (作废: its decision withdrawn before it left). */
const delivered = (letter: PostalLetter): boolean => Boolean(letter.postedOn ?? letter.toldOn ?? letter.handedOn ?? letter.withdrawnAt);

/** Whether the petitioner has the letter yet: posted, told by phone, or still waiting on the office's list. */
function DeliveryTag({ letter }: { letter: PostalLetter }) {
  if (letter.withdrawnAt) return <Tag>已作废：原决定于 {chinaDate(letter.withdrawnAt)} 撤销，未寄送</Tag>;
  if (letter.handedOn) return <Tag color="green">已于{formatDay(letter.handedOn)}当面送达{letter.handedSignature === 'refused' ? '（拒绝签收）' : ''}</Tag>;
  if (letter.channel === 'phone') {
    if (letter.unreachable) return <Tag color="gold">{formatDay(letter.toldOn)} 电话联系未果，留存备取</Tag>;
    return letter.toldOn ? <Tag color="green">已于{formatDay(letter.toldOn)}电话告知</Tag> : <Tag color="orange">待电话告知</Tag>;
  }
  if (letter.receivedOn) return <Tag color="green">已于{formatDay(letter.postedOn)}寄出，{formatDay(letter.receivedOn)}签收</Tag>;
  return letter.postedOn ? <Tag color="green">已于{formatDay(letter.postedOn)}寄出</Tag> : <Tag color="orange">待寄送</Tag>;
}

/** A subject as a file name: characters file systems refuse become _. */
function fileName(subject: string): string {
  return subject.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120) || '处理意见书';
}

/** What moved the case to another unit or office after a letter was written (退回, 改交办, 转送), in words; undefined if nothing did. */
function movedSince(events: readonly { type: string; at: string }[], writtenAt: string): string | undefined {
  const moves: Record<string, string> = { returned: '退回', assigned: '重新交办', transferred: '转送' };
  const words = [...new Set(events.filter((e) => e.at > writtenAt && e.type in moves).map((e) => moves[e.type]!))];
  return words.length ? words.join('、') : undefined;
}
