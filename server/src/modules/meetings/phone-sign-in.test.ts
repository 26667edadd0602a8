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
    expect((await new ResidentAgent(t, '10.0.1.1').post(url())).status).toBe(401);
    const member = await new ResidentAgent(t, '10.0.1.1').login(await phoneOf('委员2'));
    const early = await member.post(url());
    expect(early.status).toBe(409);
    expect((await member.get(url())).body).toMatchObject({ status: 'scheduled', invitee: { name: '委员2', signedInAt: null }, quorum: { voting: 5, present: 0 } });
  });

  it('signs the member holding the number in once, counted for the quorum and on the timeline under their name', async () => {
    expect((await community.post(`/api/v1/meetings/${meeting.id}/open`, { version: meeting.version })).status).toBe(200);
    const member = await new ResidentAgent(t, '10.0.1.2').login(await phoneOf('委员3'));
    const res = await member.post(url());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_progress', invitee: { name: '委员3', signedInAt: expect.any(String) }, quorum: { voting: 5, present: 1 } });
    const again = await member.post(url());
    expect(again.body.invitee.signedInAt).toBe(res.body.invitee.signedInAt);
    expect(again.body.quorum.present).toBe(1);
    const detail = (await community.get(`/api/v1/meetings/${meeting.id}`)).body;
    expect(detail.invitees.find((i: { name: string }) => i.name === '委员3')).toMatchObject({ signedInAt: res.body.invitee.signedInAt });
    expect(detail.events.filter((e: { action: string }) => e.action === 'sign_in')).toMatchObject([{ actorName: '委员3', note: '委员3' }]);
  });

  it('refuses a number no invited member holds, and writes nothing', async () => {
    const stranger = await new ResidentAgent(t, '10.0.1.3').login('13800009999');
    expect((await stranger.get(url())).body.invitee).toBeNull();
    const res = await stranger.post(url());
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('不在本次会议的表决委员名单中');
    expect((await community.get(`/api/v1/meetings/${meeting.id}`)).body.quorum.present).toBe(1);
  });
});
