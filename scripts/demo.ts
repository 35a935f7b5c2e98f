// npm run demo: the claim check end to end on this machine, no AWS account, no network.
// Starts the S3/SQS emulator on loopback, creates what the module creates for dev, sends a sample
// order through the claim check, consumes it, and prints the claim and the result.
import { ClaimCheckConsumer, ClaimCheckProducer } from "../client";
import { startEmulator } from "./local/emulator";
import { createLocalClaimCheck } from "./local/local-claim-check";

const ORDER = {
  orderId: "ord-2026-11-21-0001",
  customer: { id: "cust-42", email: "ada@example.com" },
  items: Array.from({ length: 2000 }, (_, i) => ({ sku: `SKU-${1000 + i}`, qty: 1 + (i % 3), price: 9.99 })),
  attachments: { invoicePdfBase64: Buffer.alloc(600 * 1024, 37).toString("base64") },
};

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    const local = await createLocalClaimCheck(emulator.endpoint);
    console.log(`emulator      ${emulator.endpoint}`);
    console.log(`bucket        ${local.config.bucketName}`);
    console.log(`queue         ${local.config.queueUrl}`);
    const producer = new ClaimCheckProducer({ ...local.connection, config: local.config, submittedBy: "orders-api" });
    const body = JSON.stringify(ORDER);
    const sent = await producer.send(body, { contentType: "application/json", metadata: { order_id: ORDER.orderId } });
    console.log(`\nsent an order of ${body.length} bytes; the claim on the queue (${JSON.stringify(sent.claim).length} bytes):`);
    console.log(JSON.stringify(sent.claim, null, 2));

    const consumer = new ClaimCheckConsumer({ ...local.connection, config: local.config, waitTimeSeconds: 1 });
    const outcomes = await consumer.poll(async (claim) => {
      const order = await claim.json<typeof ORDER>();
      console.log(`\nconsumer received ${claim.messageId}: order ${order.orderId}, ${order.items.length} items, sha256 verified`);
    });
    console.log(`result        ${outcomes.map((o) => `${o.messageId} ${o.status}`).join(", ")}`);
    if (outcomes.length !== 1 || outcomes[0].status !== "processed") process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
