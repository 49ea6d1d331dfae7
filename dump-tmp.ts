import { temporal } from '@temporalio/proto';
import { testApp } from './test/support/app';
import { happyPath, worstPath } from './test/support/objection-paths';
async function main() {
  const which = process.argv[2] === 'worst' ? worstPath : happyPath;
  const t = await testApp({ engine: 'in-process' });
  await which(t, 'bench-case', 'rec-000001');
  const h = await t.history('bench-case');
  const E = temporal.api.enums.v1.EventType;
  for (const e of h.events ?? []) {
    const size = temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
    const attrs = e.activityTaskScheduledEventAttributes;
    console.log(e.eventId?.toString(), E[e.eventType!], size, attrs?.activityType?.name ?? '', e.timerStartedEventAttributes ? 'timer' : '');
  }
  await t.close();
}
main();
