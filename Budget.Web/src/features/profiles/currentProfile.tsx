import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Loading } from '../../components/ui';
import { ProfileMoneyContext, useMe } from '../auth/auth';
import { useProfiles, type Profile } from './profiles';

interface CurrentProfile {
  profile: Profile;
  choose(id: number): void;
}

const CurrentProfileContext = createContext<CurrentProfile | null>(null);

/** Which family member's money is on screen; remembered per user on this device (an id, nothing secret). */
export function CurrentProfileProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const profiles = useProfiles();
  const storageKey = `budget.profile.${me.id}`;
  const [chosen, setChosen] = useState<number | null>(() => Number(localStorage.getItem(storageKey)) || null);

  useEffect(() => {
    if (chosen !== null) localStorage.setItem(storageKey, String(chosen));
  }, [chosen, storageKey]);

  const list = profiles.data ?? [];
  // A profile that is gone (left, removed from, deleted) falls back to the account's own.
  const profile = list.find((p) => p.id === chosen) ?? list.find((p) => p.isOwner && p.role === 'owner') ?? list[0];
  const money = useMemo(() => (profile ? { currency: profile.currency, exponent: profile.currencyExponent } : null), [profile]);
  if (profiles.isPending || !profile) return <Loading what="profiles" />;
  return (
    <CurrentProfileContext.Provider value={{ profile, choose: setChosen }}>
      <ProfileMoneyContext.Provider value={money}>{children}</ProfileMoneyContext.Provider>
    </CurrentProfileContext.Provider>
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
