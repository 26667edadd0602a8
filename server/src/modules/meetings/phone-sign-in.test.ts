import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestContext } from '../../../test/harness.js';
import { caseWorld } from '../cases/test-support.js';
import { appointCommittee, type SeatSpec } from '../committees/test-support.js';
import { ResidentAgent } from '../resident/test-support.js';

/** 委员扫码签到 by phone code: members without a console account sign in with the number the committee has for them. */
let t: TestContext;
let community: Agent;
let meeting: { id: number; version: number };

const seats = (): SeatSpec[] => Array.from({ length: 5 }, (_, i) => ({ name: `委员${i + 1}`, category: 'notable_resident' as const, role: i === 0 ? ('director' as const) : ('standing' as const) }));
const phoneOf = async (name: string) => (await t.db.selectFrom('committee_member').select('phone').where('name', '=', name).executeTakeFirstOrThrow()).phone!;
const url = () => `/api/v1/resident/meetings/${meeting.id}/sign-in`;
/** The invitee the page lists for the member's number, by name. */
const inviteeOf = async (member: ResidentAgent, name: string): Promise<number> => (await member.get(url())).body.invitees.find((i: { name: string }) => i.name === name).id;

beforeAll(async () => {
  const { testApp } = await import('../../../test/harness.js');
  t = await testApp();
  community = (await caseWorld(t)).as.community;
  await appointCommittee(t, t.fixture.node.changjiaxiang, seats());
  const res = await community.post('/api/v1/meetings', { communityId: t.fixture.node.changjiaxiang, type: 'committee_regular', title: '1月社工委例会', startsAt: '2027-01-05T01:30:00.000Z', place: '党群服务中心', convener: '委员1', topicIds: [] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  meeting = res.body;
}, 180_000);
afterAll(() => t.close());

describe('a member signs in to a meeting on the phone', () => {
  it('needs a resident session, and waits for the meeting to open', async () => {
    expect((await new ResidentAgent(t, '10.0.1.1').post(url(), { inviteeId: 1 })).status).toBe(401);
    const member = await new ResidentAgent(t, '10.0.1.1').login(await phoneOf('委员2'));
    expect((await member.get(url())).body).toMatchObject({ status: 'scheduled', invitees: [{ name: '委员2', signedInAt: null }], quorum: { voting: 5, present: 0 } });
    const early = await member.post(url(), { inviteeId: await inviteeOf(member, '委员2') });
    expect(early.status).toBe(409);
  });

  it('signs the member holding the number in once, counted for the quorum and on the timeline under their name', async () => {
    expect((await community.post(`/api/v1/meetings/${meeting.id}/open`, { version: meeting.version })).status).toBe(200);
    const member = await new ResidentAgent(t, '10.0.1.2').login(await phoneOf('委员3'));
    const inviteeId = await inviteeOf(member, '委员3');
    const res = await member.post(url(), { inviteeId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_progress', invitees: [{ id: inviteeId, name: '委员3', signedInAt: expect.any(String) }], quorum: { voting: 5, present: 1 } });
    const again = await member.post(url(), { inviteeId });
    expect(again.body.invitees[0].signedInAt).toBe(res.body.invitees[0].signedInAt);
    expect(again.body.quorum.present).toBe(1);
    const detail = (await community.get(`/api/v1/meetings/${meeting.id}`)).body;
    expect(detail.invitees.find((i: { name: string }) => i.name === '委员3')).toMatchObject({ signedInAt: res.body.invitees[0].signedInAt });
    expect(detail.events.filter((e: { action: string }) => e.action === 'sign_in')).toMatchObject([{ actorName: '委员3', note: '委员3' }]);
  });

  it('refuses a number no invited member holds, and writes nothing', async () => {
    const stranger = await new ResidentAgent(t, '10.0.1.3').login('13800009999');
    expect((await stranger.get(url())).body.invitees).toEqual([]);
    const detail = (await community.get(`/api/v1/meetings/${meeting.id}`)).body;
    const someone = detail.invitees.find((i: { name: string }) => i.name === '委员4').id;
    const res = await stranger.post(url(), { inviteeId: someone });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('不在本次会议的表决委员名单中');
    expect((await community.get(`/api/v1/meetings/${meeting.id}`)).body.quorum.present).toBe(1);
  });

  it('lists every member sharing the number and signs in only the one chosen', async () => {
    await t.db.updateTable('committee_member').set({ phone: await phoneOf('委员4') }).where('name', '=', '委员5').execute();
    const line = await new ResidentAgent(t, '10.0.1.4').login(await phoneOf('委员4'));
    const listed = (await line.get(url())).body.invitees;
    expect(listed.map((i: { name: string }) => i.name)).toEqual(['委员4', '委员5']);
    const res = await line.post(url(), { inviteeId: listed[1].id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.invitees).toMatchObject([{ name: '委员4', signedInAt: null }, { name: '委员5', signedInAt: expect.any(String) }]);
    expect(res.body.quorum.present).toBe(2);
    const missing = await line.post(url(), {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('body.inviteeId');
  });
});
