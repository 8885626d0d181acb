/** SQS queues (messages waiting, in flight) and SNS topics (who is subscribed). */
import type { Target } from '../../core';
import { clientFor, SNS, SQS } from './clients';
import { age, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

export async function resolveSqs(job: AwsJob, targets: Target[]): Promise<void> {
  const { GetQueueAttributesCommand, GetQueueUrlCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await clientFor(job, SQS);
  const urlFlag = job.flag('queue-url');
  await Promise.all(
    targets.map(async (t) => {
      const m = /^arn:[^:]+:sqs:[^:]*:([^:]*):(.+)$/.exec(t.id);
      if (!m || t.unresolved?.includes('value')) return job.notRead(t);
      const [, account, name] = m;
      await readTarget(
        job,
        t,
        SQS,
        `the queue ${name}`,
        async () => {
          // The command's URL when it gave one; otherwise ask SQS for the queue's URL by name.
          const url =
            urlFlag ??
            (await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: /^\d{12}$/.test(account) ? account : undefined }), { abortSignal: job.signal })).QueueUrl;
          return sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }), { abortSignal: job.signal });
        },
        (r) => {
          const a = r.Attributes ?? {};
          const waiting = Number(a.ApproximateNumberOfMessages ?? 0);
          const facts = [`about ${plural(waiting, 'message')} waiting`, `${plural(Number(a.ApproximateNumberOfMessagesNotVisible ?? 0), 'message')} in flight`];
          if (Number(a.ApproximateNumberOfMessagesDelayed ?? 0) > 0) facts.push(`${plural(Number(a.ApproximateNumberOfMessagesDelayed), 'message')} delayed`);
          if (a.FifoQueue === 'true') facts.push('FIFO');
          if (a.RedrivePolicy) facts.push(`dead-letter queue ${safeJson(a.RedrivePolicy)?.deadLetterTargetArn ?? '?'}`);
          if (a.CreatedTimestamp) facts.push(`created ${age(new Date(Number(a.CreatedTimestamp) * 1000))} ago`);
          return { id: a.QueueArn, name, facts, before: { messages: waiting, retentionSeconds: Number(a.MessageRetentionPeriod ?? 0) } };
        },
        name,
      );
    }),
  );
}

export async function resolveSns(job: AwsJob, targets: Target[]): Promise<void> {
  const { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } = await import('@aws-sdk/client-sns');
  const sns = await clientFor(job, SNS);
  await Promise.all(
    targets.map(async (t) => {
      if (!/^arn:[^:]+:sns:[^:]*:\d{12}:[^:]+$/.test(t.id)) return job.notRead(t);
      const name = t.id.slice(t.id.lastIndexOf(':') + 1);
      await readTarget(
        job,
        t,
        SNS,
        `the topic ${name}`,
        () =>
          Promise.all([
            sns.send(new GetTopicAttributesCommand({ TopicArn: t.id }), { abortSignal: job.signal }),
            optional(() => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: t.id }), { abortSignal: job.signal })),
          ]),
        ([attrs, subs]) => {
          const a = attrs.Attributes ?? {};
          const facts = [`${plural(Number(a.SubscriptionsConfirmed ?? 0), 'confirmed subscription')}`];
          if (a.DisplayName) facts.unshift(a.DisplayName);
          const list = subs?.Subscriptions ?? [];
          if (list.length > 0) facts.push(`subscribers: ${list.slice(0, 6).map((s) => `${s.Protocol} ${s.Endpoint}`).join(', ')}`);
          return { name, facts, before: { subscriptions: list.map((s) => `${s.Protocol} ${s.Endpoint}`) } };
        },
        name,
      );
    }),
  );
}

function safeJson(text: string): Record<string, string> | undefined {
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return undefined;
  }
}
