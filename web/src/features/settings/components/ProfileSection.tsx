// "My profile": avatar, display name and bio, with a live preview of the profile card and
// the changes saved together by "Save changes".
import { ImagePlus } from 'lucide-react';
import { Avatar, Button, cn, TextArea, TextField } from '@/components/ui';
import { codePoints } from '@/features/auth/schemas';
import { useProfileEditor } from '../hooks/useProfileEditor';
import { AVATAR_TYPES, BIO_MAX, DISPLAY_NAME_MAX } from '../schemas';
import { SettingsHeading } from './SettingsLayout';

export function ProfileSection() {
  const { me, form, avatar, avatarSrc, dirty, save, discard } = useProfileEditor();
  const { errors, isSubmitting } = form.formState;
  const name = form.watch('display_name');
  const bio = form.watch('bio');
  const shownName = name.trim() || me.username;
  const hasAvatar = Boolean(avatarSrc);

  return (
    <form noValidate onSubmit={(e) => void save(e)} className="flex flex-col gap-8">
      <SettingsHeading>My profile</SettingsHeading>
      <div className="flex flex-col gap-8 lg:flex-row">
        <div className="flex min-w-0 flex-1 flex-col gap-6">
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-xs font-bold tracking-wide text-muted uppercase">Avatar</legend>
            <div className="flex flex-wrap items-center gap-3">
              <label
                className={cn(
                  'inline-flex h-8 cursor-pointer items-center gap-2 rounded-sm bg-accent px-3 text-sm font-medium text-on-accent hover:bg-accent-hover',
                  'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-focus',
                )}
              >
                <ImagePlus className="size-4" aria-hidden />
                Change avatar
                <input
                  type="file"
                  accept={AVATAR_TYPES.join(',')}
                  className="sr-only"
                  onChange={(e) => {
                    avatar.pick(e.target.files?.[0]);
                    e.target.value = ''; // the same file may be picked again after a reset
                  }}
                />
              </label>
              {hasAvatar && (
                <Button variant="link" size="sm" onClick={avatar.remove}>
                  Remove avatar
                </Button>
              )}
            </div>
            <p className="text-xs text-faint">PNG, JPEG, GIF or WebP, up to 1 MB.</p>
            <div role="alert" className="text-sm text-danger-text">
              {avatar.problem}
            </div>
          </fieldset>

          <TextField
            label="Display name"
            required
            autoComplete="nickname"
            error={errors.display_name?.message}
            hint={`What others see you as, ${codePoints(name)}/${DISPLAY_NAME_MAX} characters.`}
            {...form.register('display_name')}
          />
          <TextArea
            label="Bio"
            rows={3}
            maxRows={8}
            error={errors.bio?.message}
            hint={`A few words about you, ${codePoints(bio.trim())}/${BIO_MAX} characters.`}
            value={bio}
            {...form.register('bio')}
          />
        </div>

        <aside aria-label="Preview" className="w-full shrink-0 self-start overflow-hidden rounded-lg bg-elevated shadow-elevated lg:w-72">
          <div className="h-16 bg-accent" />
          <div className="-mt-10 px-4 pb-4" style={{ ['--avatar-ring' as string]: 'var(--color-elevated)' }}>
            <Avatar
              userId={me.id}
              name={shownName}
              src={avatarSrc}
              alt={avatar.draft.kind === 'upload' ? 'New avatar preview' : `${shownName}’s avatar`}
              size="xl"
              status={me.status}
            />
            <p className="mt-2 truncate text-xl font-bold text-heading">{shownName}</p>
            <p className="truncate text-sm text-normal">{me.username}</p>
            {bio.trim() && <p className="mt-3 text-sm break-words whitespace-pre-wrap text-normal">{bio.trim()}</p>}
          </div>
        </aside>
      </div>

      <div className="sticky bottom-0 -mx-2 flex flex-wrap items-center justify-end gap-3 rounded-md bg-chat px-2 py-3">
        {errors.root?.server && (
          <p role="alert" className="mr-auto text-sm text-danger-text">
            {errors.root.server.message}
          </p>
        )}
        {dirty && !errors.root?.server && <p className="mr-auto text-sm text-muted">You have unsaved changes.</p>}
        {dirty && (
          <Button variant="ghost" onClick={discard} disabled={isSubmitting}>
            Reset
          </Button>
        )}
        <Button type="submit" disabled={!dirty} loading={isSubmitting} loadingLabel="Saving…">
          Save changes
        </Button>
      </div>
    </form>
  );
}
