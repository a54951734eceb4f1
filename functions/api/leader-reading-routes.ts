import { markLeaderReadingRead, submitLeaderReading } from '../../shared/app/leader-reading.js';
import { staffCaseView } from '../../shared/app/linked-cases.js';
import { json } from '../lib/http.js';
import { ACTION_ERRORS, caseAnswer, onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';
import { leaderReadBodySchema, leaderReadingBodySchema } from './schemas.js';

/** 呈领导阅批 (shared/domain/leader-reading.ts): the office puts an important case before a leader; the leader reads it. */
export const leaderReadingRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/leader-reading',
    operationId: 'submitLeaderReading',
    summary: '呈领导阅批: put the case before a named leader with the office’s proposal (拟办意见)',
    description:
      '"对重要的信件要立即报送…领导阅批". The petitions office (role petitionsOffice, in no unit) of the case’s jurisdiction or above (403 for others who see the case, 404 for those who may not). `leader`: a leader (role leader, in no unit) of the case’s jurisdiction or a level above — refused (422, naming `leader`, in Chinese) for someone who is not a leader (所选人员不是领导) or a leader of another line (所选领导不属于本辖区或上级机关), or one who may not read the case — recused (回避), named by a report, of a place it accuses (所选领导须回避或无权查阅该事项); 409 while the case already waits for that leader with another proposal (尚待阅批，不能重复呈批) and once archived. The same submission again (leader, `opinion`, the same submitter: a retry) answers 200 with the case unchanged and sends nothing more. A submission no longer waits — it leaves the leader’s list — once the leader may no longer read the case or the case ended (撤回, 不予受理, 告知, 归档). In one change: the case’s `leaderReadings` gains `{ seq, leader, opinion, submittedBy, submittedAt, status: waiting }`, a `leaderReadingSubmitted` event, the case on the leader’s 待阅批 list (`leaderReadings`) and an email to the leader (【呈领导阅批】, template `leaderReadingRequest`, its id the submission’s: a redelivery sends it once). The leader answers by a 领导批示 (POST /cases/{caseNumber}/notes, kind instruction: status `instructed`, with `answeredAt` and `instructionSeq`; the note’s event says `detail.answersReading`) or by 已阅 (POST /cases/{caseNumber}/leader-reading/read). Every call is on the case’s audit trail.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: leaderReadingBodySchema },
    responses: [caseAnswer('Submitted.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const changed = await submitLeaderReading(deps, params().caseNumber, actor(), body());
      return json(200, { case: await staffCaseView(deps, actor(), changed) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/leader-reading/read',
    operationId: 'markLeaderReadingRead',
    summary: '已阅: the leader marks the case put before them read, without an instruction',
    description:
      'The leader the case waits on (a `leaderReadings` entry with status `waiting` and `leader` the caller): the entry becomes `read` with `answeredAt`, a `leaderReadingAnswered` event, and the case leaves their 待阅批 list. Again, once read (a retry): 200, the case unchanged. 409 (该事项没有呈您阅批、尚待阅批的记录) for a leader it does not wait on; 403 for staff who are not leaders of its jurisdiction or above; 404 for those who may not see it.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: leaderReadBodySchema, optional: true },
    responses: [caseAnswer('Marked read.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const changed = await markLeaderReadingRead(deps, params().caseNumber, actor(), body()?.expectedVersion);
      return json(200, { case: await staffCaseView(deps, actor(), changed) });
    },
  }),
];
