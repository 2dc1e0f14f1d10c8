import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Member = Schemas['ProfileMemberResponse'];
export type Role = Schemas['ProfileRole'];
export type AssignableRole = Exclude<Role, 'owner'>;
export type ReceivedInvitation = Schemas['ReceivedInvitationResponse'];
export type SentInvitation = Schemas['SentInvitationResponse'];

/** What each role may do, as the members screen explains it. */
export const ROLES: { role: AssignableRole; says: string }[] = [
  { role: 'viewer', says: 'sees everything, changes nothing' },
  { role: 'editor', says: 'also changes budgets, transactions, goals and the money map' },
  { role: 'admin', says: 'also renames the profile and manages its members' },
];

const path = (profileId: number) => ({ params: { path: { profileId } } });

export function useMembers(profileId: number) {
  return useQuery({ queryKey: ['profiles', profileId, 'members'], queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/members', path(profileId))) });
}

export function useSentInvitations(profileId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['profiles', profileId, 'invitations'],
    queryFn: () => unwrap(api.GET('/api/profiles/{profileId}/invitations', path(profileId))),
    enabled,
  });
}

/** Everything about who is in a profile changes the profile list too (roles, member counts). */
function useSharingMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profiles'] }) });
}

export function useInvite(profileId: number) {
  return useSharingMutation(({ email, role }: { email: string; role: AssignableRole }) =>
    unwrap(api.POST('/api/profiles/{profileId}/invitations', { ...path(profileId), body: { email, role } })));
}

export function useCancelInvitation(profileId: number) {
  return useSharingMutation((sentInvitationId: number) =>
    unwrap(api.DELETE('/api/profiles/{profileId}/invitations/{sentInvitationId}', { params: { path: { profileId, sentInvitationId } } })));
}

export function useChangeRole(profileId: number) {
  return useSharingMutation(({ member, role }: { member: Member; role: AssignableRole }) =>
    unwrap(api.PUT('/api/profiles/{profileId}/members/{memberId}', { params: { path: { profileId, memberId: member.id } }, body: { role, version: member.version } })));
}

export function useRemoveMember(profileId: number) {
  return useSharingMutation((memberId: number) =>
    unwrap(api.DELETE('/api/profiles/{profileId}/members/{memberId}', { params: { path: { profileId, memberId } } })));
}

export function useLeave(profileId: number) {
  return useSharingMutation(() => unwrap(api.DELETE('/api/profiles/{profileId}/membership', path(profileId))));
}

export function useHandOver(profileId: number) {
  return useSharingMutation((memberId: number) => unwrap(api.POST('/api/profiles/{profileId}/owner', { ...path(profileId), body: { memberId } })));
}

export function useReceivedInvitations() {
  return useQuery({ queryKey: ['invitations'], queryFn: () => unwrap(api.GET('/api/invitations')) });
}

function useAnswerInvitation<T>(mutationFn: (invitationId: number) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['invitations'] }), queryClient.invalidateQueries({ queryKey: ['profiles'] })]),
  });
}

export function useAcceptInvitation() {
  return useAnswerInvitation((invitationId: number) => unwrap(api.POST('/api/invitations/{invitationId}/accept', { params: { path: { invitationId } } })));
}

export function useDeclineInvitation() {
  return useAnswerInvitation((invitationId: number) => unwrap(api.DELETE('/api/invitations/{invitationId}', { params: { path: { invitationId } } })));
}
