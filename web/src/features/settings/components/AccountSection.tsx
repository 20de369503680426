// "Account": the username and e-mail address, the password change, and the danger zone where
// the account is deleted.
import { BadgeCheck, CircleAlert } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { Avatar, Button, Dialog, TextField } from '@/components/ui';
import { useSession } from '@/app/session';
import { useChangePassword } from '../hooks/useChangePassword';
import { useDeleteAccount } from '../hooks/useDeleteAccount';
import { SettingsBlock, SettingsHeading } from './SettingsLayout';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs font-bold tracking-wide text-muted uppercase">{label}</dt>
      <dd className="min-w-0 break-words text-normal">{children}</dd>
    </div>
  );
}

function ChangePassword() {
  const { form, submit, done, hasPassword, setHasPassword } = useChangePassword();
  const { errors, isSubmitting } = form.formState;
  return (
    <SettingsBlock
      title="Change password"
      description="Changing your password signs you out on every other device and browser; this one stays signed in."
    >
      <form noValidate onSubmit={(e) => void submit(e)} className="flex max-w-md flex-col gap-4">
        {hasPassword ? (
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors.current_password?.message}
            {...form.register('current_password')}
          />
        ) : (
          <p className="text-sm text-muted">
            Your account signs in through an identity provider: choose a password to sign in with it too.
          </p>
        )}
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="8 to 128 characters, not a commonly used one."
          error={errors.new_password?.message}
          {...form.register('new_password')}
        />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          error={errors.confirm?.message}
          {...form.register('confirm')}
        />
        {errors.root?.server && (
          <p role="alert" className="text-sm text-danger-text">
            {errors.root.server.message}
          </p>
        )}
        <div role="status" className="text-sm text-normal">
          {done && 'Your password is changed. Every other session was signed out.'}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" loading={isSubmitting} loadingLabel="Changing password…">
            Change password
          </Button>
          <Button variant="link" size="sm" onClick={() => setHasPassword(!hasPassword)}>
            {hasPassword ? 'I sign in through a provider and have no password' : 'I have a password'}
          </Button>
        </div>
      </form>
    </SettingsBlock>
  );
}

function DeleteAccount() {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const { form, submit, withPassword, reset } = useDeleteAccount();
  const { errors, isSubmitting } = form.formState;
  const formId = 'delete-account-form';

  return (
    <SettingsBlock
      danger
      title="Delete account"
      description="Your profile, friends, blocks and zone memberships are removed for good. Messages you wrote stay, shown as from a deleted user. Zones you own must be handed over or deleted first."
    >
      <div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete account
        </Button>
      </div>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (isSubmitting) return;
          setOpen(next);
          if (!next) reset();
        }}
        title="Delete account"
        description="This cannot be undone. Are you sure you want to delete your account?"
        footer={
          <>
            <Button variant="ghost" disabled={isSubmitting} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" form={formId} variant="danger" loading={isSubmitting} loadingLabel="Deleting account…">
              Delete account
            </Button>
          </>
        }
      >
        <form id={formId} noValidate onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
          {withPassword ? (
            <TextField
              key="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              error={errors.secret?.message}
              {...form.register('secret')}
            />
          ) : (
            <TextField
              key="username"
              label="Username"
              hint={`Type ${me.username} to confirm.`}
              autoComplete="off"
              error={errors.secret?.message}
              {...form.register('secret')}
            />
          )}
          {errors.root?.server && (
            <p role="alert" className="flex items-start gap-1.5 text-sm text-danger-text">
              <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              {errors.root.server.message}
            </p>
          )}
        </form>
      </Dialog>
    </SettingsBlock>
  );
}

export function AccountSection() {
  const { me } = useSession();
  return (
    <div className="flex flex-col gap-8">
      <SettingsHeading>Account</SettingsHeading>
      <SettingsBlock title="Your account">
        <div className="flex items-center gap-4">
          <Avatar userId={me.id} name={me.display_name} src={me.avatar_url} alt="" size="lg" />
          <p className="min-w-0 truncate text-lg font-semibold text-heading">{me.display_name}</p>
        </div>
        <dl className="flex flex-col gap-4 rounded-md bg-chat p-4">
          <Fact label="Username">{me.username}</Fact>
          <Fact label="E-mail">
            <span className="inline-flex flex-wrap items-center gap-2">
              <span className="break-all">{me.email}</span>
              {me.email_verified ? (
                <span className="inline-flex items-center gap-1 text-sm text-muted">
                  <BadgeCheck className="size-4 text-online" aria-hidden />
                  Verified
                </span>
              ) : (
                <span className="inline-flex items-center gap-1 text-sm text-warning">
                  <CircleAlert className="size-4" aria-hidden />
                  Not verified
                </span>
              )}
            </span>
          </Fact>
        </dl>
      </SettingsBlock>
      <ChangePassword />
      <DeleteAccount />
    </div>
  );
}
