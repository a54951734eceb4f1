import { describe, expect, it } from 'vitest';
import { ApiError } from './client';

describe('ApiError: what staff read of a refusal', () => {
  it('is the API’s own Chinese where it gives it', () => {
    const error = new ApiError(409, { code: 'InvalidTransition', message: 'cannot accept a case that is declined', messageZh: '该信访事项当前状态为“不予受理”，不能受理' });
    expect(error.message).toBe('该信访事项当前状态为“不予受理”，不能受理');
  });

  it('says a case not found may also be one the reader may not see: the API cannot say so, the console does', () => {
    const error = new ApiError(404, { code: 'CaseNotFound', message: 'no case numbered 330122-2026-000042', messageZh: '没有登记编号为 330122-2026-000042 的信访事项' });
    expect(error.message).toBe('未找到该信访事项，或您无权查看');
  });

  it('says in Chinese that the server did not answer in time, not API Gateway’s English', () => {
    expect(new ApiError(503, { message: 'Service Unavailable' }).message).toBe('服务器暂时未能答复（503），请稍后再试');
    expect(new ApiError(504, { message: 'Gateway Timeout' }).message).toBe('服务器暂时未能答复（504），请稍后再试');
  });
});
