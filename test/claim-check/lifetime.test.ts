import { minimumPayloadExpirationDays, PAYLOAD_LIFETIME_MARGIN_SECONDS, requiredPayloadLifetimeSeconds } from "../../modules/claim-check";

const DAY = 86_400;

describe("payload lifetime invariant", () => {
  test("standard queues: delay + max(main, DLQ) + one redrive of main + 1-day margin", () => {
    const inputs = { messageRetentionSeconds: 4 * DAY, dlqMessageRetentionSeconds: 14 * DAY, delaySeconds: 900, fifo: false };
    expect(requiredPayloadLifetimeSeconds(inputs)).toBe(900 + 14 * DAY + 4 * DAY + PAYLOAD_LIFETIME_MARGIN_SECONDS);
    expect(minimumPayloadExpirationDays(inputs)).toBe(20); // 19 days + 900 s rounds up
  });

  test("FIFO queues: the DLQ restarts the clock, so main + DLQ", () => {
    const inputs = { messageRetentionSeconds: 4 * DAY, dlqMessageRetentionSeconds: 14 * DAY, delaySeconds: 0, fifo: true };
    expect(minimumPayloadExpirationDays(inputs)).toBe(4 + 14 + 4 + 1);
  });

  test("short retention still keeps a whole day of margin", () => {
    expect(
      minimumPayloadExpirationDays({ messageRetentionSeconds: 60, dlqMessageRetentionSeconds: 120, delaySeconds: 0, fifo: false }),
    ).toBe(2);
  });

  test("the minimum always covers the required seconds, and one day less never does", () => {
    for (const main of [60, 3_600, DAY, 4 * DAY, 1_209_599]) {
      for (const dlq of [main + 1, 1_209_600]) {
        for (const fifo of [false, true]) {
          const inputs = { messageRetentionSeconds: main, dlqMessageRetentionSeconds: dlq, delaySeconds: 30, fifo };
          const days = minimumPayloadExpirationDays(inputs);
          expect(days * DAY).toBeGreaterThanOrEqual(requiredPayloadLifetimeSeconds(inputs));
          expect((days - 1) * DAY).toBeLessThan(requiredPayloadLifetimeSeconds(inputs));
        }
      }
    }
  });
});
