import { Link } from 'react-router';
import { Avatar, useCurrentProfile } from './currentProfile';
import { useProfiles } from './profiles';

export function ProfileSwitcher() {
  const { profile, choose } = useCurrentProfile();
  const profiles = useProfiles().data ?? [];
  return (
    <div className="switcher">
      <Avatar profile={profile} size={28} />
      <label className="visually-hidden" htmlFor="profile-switch">Profile</label>
      <select id="profile-switch" value={profile.id} onChange={(e) => choose(Number(e.target.value))}>
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>{p.sharedWithYou ? `${p.name} (shared)` : p.name}</option>
        ))}
      </select>
      <Link to="/profiles" className="small">Manage</Link>
    </div>
  );
}
