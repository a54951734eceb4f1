import { Button, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { completeSignIn } from '../../lib/oidc';
import { runtimeConfig } from '../../lib/runtime-config';
import { saveSession, type Session } from '../../lib/session';

/**
 * The code exchange runs once per return from the provider: its state is
 * used up by the first attempt, and React may mount this page twice.
 */
const exchanges = new Map<string, Promise<Session>>();

function exchangeOnce(search: string): Promise<Session> {
  let exchange = exchanges.get(search);
  if (!exchange) {
    const { auth } = runtimeConfig();
    exchange = auth.kind === 'oidc' ? completeSignIn(auth) : Promise.reject(new Error('not signing in by OIDC'));
    exchanges.set(search, exchange);
  }
  return exchange;
}

/** Why a sign-in did not complete: the provider's answer was unusable, or the person it names is not staff of this system. */
type Failure = 'exchange' | 'notStaff';

/** /auth/callback: back from the identity provider; the session is stored and the workbench opened. */
export default function AuthCallbackPage() {
  const navigate = useNavigate();
  const { search } = useLocation();
  const [failed, setFailed] = useState<Failure>();

  useEffect(() => {
    let active = true;
    exchangeOnce(search).then(
      (session) => {
        saveSession(session);
        if (active) navigate('/', { replace: true });
      },
      (error: unknown) => {
        // 403 from GET /me: the provider knows the person, the province configuration does not.
        if (active) setFailed(error instanceof ApiError && error.status === 403 ? 'notStaff' : 'exchange');
      },
    );
    return () => {
      active = false;
    };
  }, [navigate, search]);

  if (failed) {
    return (
      <Result
        status="error"
        title="登录未完成"
        subTitle={
          failed === 'notStaff'
            ? '您的账号尚未登记为本系统的工作人员，请联系系统管理员。'
            : '统一身份认证未能确认您的身份（登录链接可能已过期或已使用），请重新登录。'
        }
        extra={
          <Button type="primary" onClick={() => navigate('/login', { replace: true })}>
            重新登录
          </Button>
        }
      />
    );
  }
  return (
    <div style={{ display: 'flex', justifyContent: 'center', marginTop: 120 }}>
      <Spin size="large" description="正在完成登录…">
        <div style={{ width: 200, height: 80 }} />
      </Spin>
    </div>
  );
}
