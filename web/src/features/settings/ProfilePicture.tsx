import { useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Avatar } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';
import { readAvatarFile } from './avatar-file';
import type { Me } from './me';

/** The avatar with Upload and Remove; a file is checked by its content before it is sent. */
export function ProfilePicture({ user, onSaved }: { user: Me; onSaved: (updated: Me) => void }) {
  const toast = useToast();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pictureError, setPictureError] = useState<string | null>(null);
  const upload = trpc.user.uploadAvatar.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile picture updated');
    },
    onError: (error) => toast.error(error),
  });
  const removePicture = trpc.user.update.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile picture removed');
    },
    onError: (error) => toast.error(error),
  });
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
      <Avatar name={user.name} src={user.profilePicture} large />
      <div style={{ display: 'grid', gap: 6 }}>
        <div className="toolbar">
          <Button onClick={() => fileInput.current?.click()} loading={upload.isPending}>
            Upload picture
          </Button>
          {user.profilePicture ? (
            <Button variant="ghost" onClick={() => removePicture.mutate({ profilePicture: null })}>
              Remove
            </Button>
          ) : null}
        </div>
        <span className="field-hint">PNG, JPEG or WebP, up to 2 MB.</span>
        {pictureError ? <span className="field-error">{pictureError}</span> : null}
      </div>
      <input
        ref={fileInput}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-label="Profile picture file"
        hidden
        onChange={async (event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          const checked = await readAvatarFile(file);
          setPictureError(checked.ok ? null : checked.message);
          if (checked.ok) upload.mutate({ data: checked.base64 });
        }}
      />
    </div>
  );
}
