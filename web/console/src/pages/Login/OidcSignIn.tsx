import { Alert, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { signInRedirect } from '../../lib/oidc';
import type { OidcSignIn as OidcSettings } from '../../lib/runtime-config';

/** Sign-in on AWS: one button to the identity provider (authorization code + PKCE); it sends staff back to /auth/callback. */
export default function OidcSignIn({ settings }: { settings: OidcSettings }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function signIn() {
    setPending(true);
    setError(undefined);
    try {
      await signInRedirect(settings);
    } catch {
      // The page stays only when the redirect could not start (the provider's discovery document unreachable, say).
      setError('无法连接统一身份认证服务，请稍后重试；如仍无法登录，请联系系统管理员。');
      setPending(false);
    }
  }

  return (
    <div style={{ maxWidth: 480, margin: '80px auto', padding: '0 16px' }}>
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>信访案件管理系统</Typography.Title>}>
        <Typography.Paragraph>请使用统一身份认证账号（工号）登录；登录需要身份验证器的动态验证码。</Typography.Paragraph>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" size="large" block loading={pending} onClick={() => void signIn()}>
          使用统一身份认证登录
        </Button>
      </Card>
    </div>
  );
}
