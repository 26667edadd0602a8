import { useState } from 'react';
import { api, call, Problem } from '../api';
import { useSession } from '../session';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { Login } from './Login';

const P = {
  goal: '项目目标',
  beneficiaries: '服务对象',
  funding: '资金来源',
  undertaker: '承接方',
  budget: '批复预算',
  spent: '已支出',
  progress: '进度',
  supervision: '居民和社区共同监督',
  superviseHint: '您看到的项目执行情况（如服务是否到位、资金使用是否合理）',
  superviseSubmit: '提交监督意见',
  supervised: '已收到您的监督意见，谢谢！',
  rate: '项目评价',
  dims: { content: '项目内容', service: '服务质量', management: '项目管理' } as const,
  rateSubmit: '提交评价',
  rated: '您已评价，谢谢参与！',
  ratings: (n: number) => `${n} 位居民已评价`,
  signIn: '登录后可提交监督意见和评价',
  noRecords: '暂无监督记录',
};

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 });
type Dim = keyof typeof P.dims;

/** 项目监督评价 on the phone: the project in public words, supervision records, and (once complete) the three ratings. */
export function Project({ id }: { id: number }) {
  const { phone } = useSession();
  const path = { params: { path: { id } } };
  const { data, error, reload } = useLoad(() => (phone ? call(api.GET('/api/v1/resident/projects/{id}', path)) : call(api.GET('/api/v1/public/projects/{id}', path))), `p-${id}-${phone ?? ''}`);
  const [content, setContent] = useState('');
  const [scores, setScores] = useState<Record<Dim, number>>({ content: 0, service: 0, management: 0 });
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await run();
      setMessage(done);
      reload();
    } catch (x) {
      setProblem(x instanceof Problem ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="h5-project">
      <article className="card">
        <p className="muted small">{data.communityName} · {data.statusLabel}</p>
        <h2>{data.title}</h2>
        <p><strong>{P.goal}：</strong>{data.goal}</p>
        <p><strong>{P.beneficiaries}：</strong>{data.beneficiaries}</p>
        <p><strong>{P.funding}：</strong>{data.fundingSource}</p>
        <p><strong>{P.undertaker}：</strong>{data.undertakerName ?? '—'}</p>
        <p><strong>{P.budget}：</strong>{yuan(data.approvedTotal)} 元 · <strong>{P.spent}：</strong>{yuan(data.spentTotal)} 元</p>
        <p><strong>{P.progress}：</strong>{data.progress}%</p>
        {data.ratings.count > 0 ? <p className="muted small">{P.ratings(data.ratings.count)}：{P.dims.content} {data.ratings.content}，{P.dims.service} {data.ratings.service}，{P.dims.management} {data.ratings.management}</p> : null}
      </article>
      {message ? <p className="card notice" data-testid="h5-project-message">{message}</p> : null}
      {problem ? <p className="card error">{problem}</p> : null}
      {!phone && (data.canSupervise || data.status === 'completed') ? (
        <section>
          <p className="muted center">{P.signIn}</p>
          <Login />
        </section>
      ) : null}
      {phone && data.canRate ? (
        <section className="card" data-testid="h5-project-rate">
          <h3>{P.rate}</h3>
          {(Object.keys(P.dims) as Dim[]).map((d) => (
            <div key={d}>
              <p className="small">{P.dims[d]}</p>
              <div className="choices">
                {[1, 2, 3, 4, 5].map((n) => (
                  <button key={n} type="button" className={`button choice ${scores[d] === n ? 'chosen' : ''}`} onClick={() => setScores((s) => ({ ...s, [d]: n }))} data-testid={`h5-score-${d}-${n}`}>
                    {n}
                  </button>
                ))}
              </div>
            </div>
          ))}
          <textarea rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button
            type="button"
            className="button primary block"
            disabled={busy || Object.values(scores).some((v) => v === 0)}
            data-testid="h5-project-rate-submit"
            onClick={() => act(() => call(api.POST('/api/v1/resident/projects/{id}/rating', { ...path, body: { ...scores, ...(comment.trim() ? { comment: comment.trim() } : {}) } })), P.rated)}
          >
            {P.rateSubmit}
          </button>
        </section>
      ) : null}
      {phone && data.rated ? <p className="card notice">{P.rated}</p> : null}
      <section className="card">
        <h3>{P.supervision}</h3>
        {data.supervision.length === 0 ? <p className="muted small">{P.noRecords}</p> : null}
        {data.supervision.map((s) => (
          <p key={s.id} className="small"><span className="muted">{s.author} · {new Date(s.createdAt).toLocaleDateString('zh-CN')}</span><br />{s.content}</p>
        ))}
        {phone && data.canSupervise ? (
          <>
            <textarea rows={3} maxLength={2000} placeholder={P.superviseHint} value={content} onChange={(e) => setContent(e.target.value)} data-testid="h5-supervise-content" />
            <button
              type="button"
              className="button block"
              disabled={busy || content.trim().length < 2}
              data-testid="h5-supervise-submit"
              onClick={() => act(async () => {
                await call(api.POST('/api/v1/resident/projects/{id}/supervision', { ...path, body: { content: content.trim() } }));
                setContent('');
              }, P.supervised)}
            >
              {P.superviseSubmit}
            </button>
          </>
        ) : null}
      </section>
    </div>
  );
}
