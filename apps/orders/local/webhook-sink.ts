import { Webhook } from "standardwebhooks";

export interface WebhookDelivery {
  readonly id: string;
  readonly receivedAt: string;
  readonly eventType: string;
  readonly orderId: string;
  readonly status: string;
  readonly signatureValid: boolean;
  readonly attempt: number;
  /** What the sink answered (500 while it is told to fail). */
  readonly answered: number;
}

/** A webhook receiver like a subscriber's: verifies Standard Webhooks signatures and records every delivery. */
export class WebhookSink {
  readonly deliveries: WebhookDelivery[] = [];
  /** While true, every delivery is answered 500 (to exercise retries and the outbox DLQ). */
  failing = false;
  private readonly verifier: Webhook;

  constructor(secret: string) {
    this.verifier = new Webhook(secret);
  }

  receive(headers: Record<string, string | string[] | undefined>, body: string): number {
    const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(",") : (v ?? "")]));
    let signatureValid = true;
    try {
      this.verifier.verify(body, flat);
    } catch {
      signatureValid = false;
    }
    let parsed: { type?: string; data?: { orderId?: string; status?: string } } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      signatureValid = false;
    }
    const id = flat["webhook-id"] ?? "";
    const answered = this.failing ? 500 : signatureValid ? 204 : 401;
    this.deliveries.push({
      id,
      receivedAt: new Date().toISOString(),
      eventType: parsed.type ?? "",
      orderId: parsed.data?.orderId ?? "",
      status: parsed.data?.status ?? "",
      signatureValid,
      attempt: this.deliveries.filter((d) => d.id === id).length + 1,
      answered,
    });
    return answered;
  }
}
