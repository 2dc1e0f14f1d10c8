import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Loading } from '../../components/ui';
import { onProfileNotFound } from '../../lib/api';
import { ProfileMoneyContext, useMe } from '../auth/auth';
import { useProfiles, type Profile } from './profiles';

interface CurrentProfile {
  profile: Profile;
  choose(id: number): void;
  /** The profile this user was just found to have lost access to (removed from it, or it was deleted), until dismissed. */
  lostName: string | null;
  dismissLost(): void;
}

const CurrentProfileContext = createContext<CurrentProfile | null>(null);

/** Which family member's money is on screen; remembered per user on this device (an id, nothing secret). */
export function CurrentProfileProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const profiles = useProfiles();
  const queryClient = useQueryClient();
  const storageKey = `budget.profile.${me.id}`;
  const [chosen, setChosen] = useState<number | null>(() => Number(localStorage.getItem(storageKey)) || null);
  // The profile on screen when the API answered 404 under it, until the profile list says whether it is still ours.
  const suspect = useRef<Profile | null>(null);
  const [lostName, setLostName] = useState<string | null>(null);

  useEffect(() => {
    if (chosen !== null) localStorage.setItem(storageKey, String(chosen));
  }, [chosen, storageKey]);

  const list = profiles.data ?? [];
  // A profile that is gone (left, removed from, deleted) falls back to the account's own.
  const profile = list.find((p) => p.id === chosen) ?? list.find((p) => p.isOwner && p.role === 'owner') ?? list[0];
  const shown = useRef(profile);
  shown.current = profile;

  // Removed from the profile on screen while the app was open: every request under it is 404 (as for a profile
  // that never existed), so one such answer makes the app ask for the profile list again instead of showing errors.
  useEffect(
    () =>
      onProfileNotFound((profileId) => {
        if (profileId !== shown.current?.id) return;
        suspect.current = shown.current;
        void queryClient.invalidateQueries({ queryKey: ['profiles'], exact: true });
      }),
    [queryClient],
  );
  useEffect(() => {
    const lost = suspect.current;
    if (!lost || profiles.isFetching || !profiles.data) return;
    suspect.current = null;
    if (profiles.data.some((p) => p.id === lost.id)) return; // still ours: the 404 was for something inside it
    setLostName(lost.name);
    const fallback = profiles.data.find((p) => p.isOwner && p.role === 'owner') ?? profiles.data[0];
    if (fallback) setChosen(fallback.id);
  }, [profiles.data, profiles.isFetching]);

  const money = useMemo(() => (profile ? { currency: profile.currency, exponent: profile.currencyExponent } : null), [profile]);
  if (profiles.isPending || !profile) return <Loading what="profiles" />;
  return (
    <CurrentProfileContext.Provider
      value={{ profile, choose: (id) => { setLostName(null); setChosen(id); }, lostName, dismissLost: () => setLostName(null) }}
    >
      <ProfileMoneyContext.Provider value={money}>{children}</ProfileMoneyContext.Provider>
    </CurrentProfileContext.Provider>
  );
}

/** Says why the profile on screen changed by itself: the one shown before is no longer this user's to see. */
export function LostAccessNotice() {
  const { profile, lostName, dismissLost } = useCurrentProfile();
  if (lostName === null) return null;
  return (
    <p className="notice row" role="alert">
      <span className="grow">You no longer have access to {lostName}; now showing {profile.name}.</span>
      <button type="button" onClick={dismissLost}>Dismiss</button>
    </p>
  );
}

/** Viewers read a shared profile; every other role may change its money. */
export function useCanEdit(): boolean {
  return useCurrentProfile().profile.role !== 'viewer';
}

/** Said where the add and edit buttons would be, so a viewer knows why there are none. */
export function ReadOnlyNote() {
  const { profile } = useCurrentProfile();
  return (
    <p className="hint" role="note">
      You can view {profile.name}, shared by {profile.ownerEmail}; ask one of its admins to make you an editor to change it.
    </p>
  );
}

export function useCurrentProfile(): CurrentProfile {
  const value = useContext(CurrentProfileContext);
  if (!value) throw new Error('useCurrentProfile outside CurrentProfileProvider');
  return value;
}

export function Avatar({ profile, size = 32 }: { profile: Pick<Profile, 'name' | 'avatarColor'>; size?: number }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ background: profile.avatarColor, width: size, height: size, fontSize: size * 0.45 }}>
      {profile.name.slice(0, 1).toUpperCase()}
    </span>
  );
}
