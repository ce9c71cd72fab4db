import { useState } from 'react';
import type { z } from 'zod';
import { describeError } from './errors';

export type FieldErrors = Record<string, string>;

/** The first problem per field of a failed zod parse (nested paths joined with dots). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/**
 * Form state for one shared schema: validates on submit with the same zod schema the server uses,
 * and shows the server's own field errors and message when the call fails anyway.
 */
export function useZodForm<S extends z.ZodType>(schema: S) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** Parses the values; on failure shows the field errors and returns null. */
  const validate = (values: unknown): z.output<S> | null => {
    const parsed = schema.safeParse(values);
    if (parsed.success) {
      setErrors({});
      setFormError(null);
      return parsed.data;
    }
    const next = fieldErrorsOf(parsed.error);
    setErrors(next);
    setFormError(next._form ?? null);
    return null;
  };
  return {
    errors,
    formError,
    validate,
    /**
     * A submit handler: validates the values and hands the parsed input to `send` only when they pass,
     * so nothing the schema refuses reaches the server. `alsoCheck` is a rule outside the schema (a
     * repeated password); it runs either way, so every problem shows at once.
     */
    handleSubmit(values: unknown, send: (input: z.output<S>) => void, alsoCheck?: () => boolean) {
      return (event?: { preventDefault(): void }) => {
        event?.preventDefault();
        const input = validate(values);
        const checked = alsoCheck ? alsoCheck() : true;
        if (input && checked) send(input);
      };
    },
    /** Shows a failed API call: field errors beside the fields, the rest above the form. */
    showServerError(error: unknown) {
      const description = describeError(error);
      setErrors(description.fieldErrors);
      setFormError(description.message);
    },
    /** A message above the form that is not about one field. */
    showMessage(message: string) {
      setErrors({});
      setFormError(message);
    },
    clearField(field: string) {
      setErrors((current) => {
        if (!(field in current)) return current;
        const { [field]: _removed, ...rest } = current;
        return rest;
      });
    },
    reset() {
      setErrors({});
      setFormError(null);
    },
  };
}
