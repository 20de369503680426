// One form of the account screens: React Hook Form validated by the screen's Zod schema, and
// the server's refusal put where it belongs (under its field, else in the form's alert).
import { zodResolver } from '@hookform/resolvers/zod';
import { type BaseSyntheticEvent, useState } from 'react';
import { type DefaultValues, type FieldValues, type Path, type Resolver, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { placeError } from './errors';

export interface AuthFormOptions<S extends z.ZodType<FieldValues, FieldValues>> {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  /** The fields shown on this form: a server error naming one goes under it. */
  fields: readonly Path<z.input<S>>[];
  /** Error codes without a field that still belong under one (invalid_code → "code"). */
  codeFields?: Partial<Record<string, Path<z.input<S>>>>;
  /** Sends the valid values; a throw is shown on the form. */
  submit(values: z.output<S>): Promise<void>;
}

export function useAuthForm<S extends z.ZodType<FieldValues, FieldValues>>(opts: AuthFormOptions<S>) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(opts.schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues: opts.defaultValues,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const send = form.handleSubmit(async (values) => {
    try {
      await opts.submit(values);
    } catch (err) {
      const { field, message } = placeError(err, opts.fields, opts.codeFields);
      if (field) form.setError(field, { type: 'server', message }, { shouldFocus: true });
      else setFormError(message);
    }
  });
  const onSubmit = (e?: BaseSyntheticEvent) => {
    setFormError(null);
    return send(e);
  };
  const err = (name: Path<z.input<S>>): string | undefined => {
    const e = form.getFieldState(name, form.formState).error;
    return e?.message;
  };
  return {
    form,
    onSubmit,
    formError,
    setFormError,
    /** The message under a field, if any. */
    fieldError: err,
    submitting: form.formState.isSubmitting,
  };
}
