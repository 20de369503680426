// The "My profile" form: display name and bio (PATCH /users/me) and a new or removed avatar
// (PUT/DELETE /users/me/avatar), all held as a draft until "Save changes", as in Discord.
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from '@/components/ui';
import { formErrorOf } from '@/features/auth/api';
import { errorMessage } from '@/lib/api/client';
import { useSession } from '@/app/session';
import type { ProfilePatch } from '../api';
import { avatarProblem, profileSchema, type ProfileInput, type ProfileValues } from '../schemas';
import { useMeWriter } from './useMe';

export type AvatarDraft = { kind: 'keep' } | { kind: 'upload'; file: File; url: string } | { kind: 'remove' };

function previewUrl(file: File): string {
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : '';
}

export function useAvatarDraft() {
  const [draft, setDraft] = useState<AvatarDraft>({ kind: 'keep' });
  const [problem, setProblem] = useState<string | null>(null);

  // A preview's object URL lives as long as the draft that shows it.
  useEffect(
    () => () => {
      if (draft.kind === 'upload' && draft.url) URL.revokeObjectURL(draft.url);
    },
    [draft],
  );

  const pick = useCallback((file: File | undefined) => {
    if (!file) return;
    const why = avatarProblem(file);
    setProblem(why);
    if (!why) setDraft({ kind: 'upload', file, url: previewUrl(file) });
  }, []);
  const remove = useCallback(() => {
    setProblem(null);
    setDraft({ kind: 'remove' });
  }, []);
  const reset = useCallback(() => {
    setProblem(null);
    setDraft({ kind: 'keep' });
  }, []);
  return { draft, problem, setProblem, pick, remove, reset };
}

export function useProfileEditor() {
  const { me } = useSession();
  const writer = useMeWriter();
  const avatar = useAvatarDraft();
  const form = useForm<ProfileInput, unknown, ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: { display_name: me.display_name, bio: me.bio },
  });
  const { isDirty } = form.formState;

  // A change made elsewhere (another tab) shows here unless the user is editing.
  useEffect(() => {
    if (!form.formState.isDirty) form.reset({ display_name: me.display_name, bio: me.bio });
  }, [me.display_name, me.bio, form]);

  const save = form.handleSubmit(async (values) => {
    const patch: ProfilePatch = {};
    if (values.display_name !== me.display_name) patch.display_name = values.display_name;
    if (values.bio !== me.bio) patch.bio = values.bio;
    if (Object.keys(patch).length > 0) {
      try {
        await writer.update(patch);
      } catch (err) {
        const { field, message } = formErrorOf(err, ['display_name', 'bio'] as const);
        form.setError(field ?? 'root.server', { message });
        return;
      }
    }
    form.reset(values);
    try {
      if (avatar.draft.kind === 'upload') writer.store(await writer.api.putAvatar(avatar.draft.file));
      else if (avatar.draft.kind === 'remove') writer.store(await writer.api.deleteAvatar());
    } catch (err) {
      avatar.setProblem(`The avatar was not saved: ${errorMessage(err)}`);
      return;
    }
    avatar.reset();
    toast.success('Your profile is saved.');
  });

  const discard = () => {
    form.reset({ display_name: me.display_name, bio: me.bio });
    avatar.reset();
  };

  const avatarSrc =
    avatar.draft.kind === 'upload' ? avatar.draft.url || me.avatar_url : avatar.draft.kind === 'remove' ? null : me.avatar_url;

  return { me, form, avatar, avatarSrc, dirty: isDirty || avatar.draft.kind !== 'keep', save, discard };
}
