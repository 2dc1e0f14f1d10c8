import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Loading } from '../../components/ui';
import { useMe } from '../auth/auth';
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

  if (profiles.isPending) return <Loading what="profiles" />;
  const list = profiles.data ?? [];
  const profile = list.find((p) => p.id === chosen) ?? list.find((p) => p.isOwner) ?? list[0];
  if (!profile) return <Loading what="profiles" />;
  return <CurrentProfileContext.Provider value={{ profile, choose: setChosen }}>{children}</CurrentProfileContext.Provider>;
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
