/// <reference lib="dom" />
import { OrdersApi } from "../client/api";
import { PresignedUpload, UploadedOrder } from "../client/contract";
import { sha256Hex, validateOrder } from "../client/order-input";
import { byId, FormProblem } from "./dom";

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Shows what the large order flow is doing, with the upload's progress bar. */
export class UploadProgress {
  private readonly box = byId("upload-box");
  private readonly bar = byId<HTMLProgressElement>("upload-progress");
  private readonly text = byId("upload-text");
  private quarter = -1;

  step(message: string, percent?: number): void {
    this.box.hidden = false;
    this.text.textContent = message;
    if (percent !== undefined) this.bar.value = percent;
  }

  reset(): void {
    this.quarter = -1;
    this.box.hidden = true;
    this.bar.value = 0;
    this.text.textContent = "";
  }

  uploaded(sent: number, total: number): void {
    const percent = total === 0 ? 100 : Math.round((sent / total) * 100);
    this.bar.value = percent;
    this.bar.setAttribute("aria-valuetext", `${percent}%`);
    // Update the live text once per quarter: a live region that speaks every progress event would drown the reader.
    const quarter = Math.floor(percent / 25);
    if (quarter !== this.quarter) {
      this.quarter = quarter;
      this.text.textContent = `Uploading: ${percent}% (${formatBytes(sent)} of ${formatBytes(total)})`;
    }
  }
}

/** Checks the chosen file: present, not empty, JSON, an order. Returns its bytes or every problem found. */
export async function readOrderFile(file: File | undefined): Promise<{ bytes?: ArrayBuffer; problems: FormProblem[] }> {
  const inputId = "order-file";
  if (!file) return { problems: [{ inputId, message: "Choose an order document (a JSON file), or use the generated sample." }] };
  if (file.size === 0) return { problems: [{ inputId, message: `The file "${file.name}" is empty.` }] };
  const bytes = await file.arrayBuffer();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { problems: [{ inputId, message: `The file "${file.name}" is not valid JSON: ${(error as Error).message}` }] };
  }
  const { problems } = validateOrder(parsed);
  return problems.length > 0
    ? { problems: problems.map((p) => ({ inputId, message: `In "${file.name}": ${p.message}` })) }
    : { bytes, problems: [] };
}

/** PUTs the bytes with XHR (fetch has no upload progress) and exactly the headers the API signed. */
export function putWithProgress(
  url: string,
  upload: PresignedUpload,
  body: ArrayBuffer,
  onProgress: (sent: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, url);
    for (const [name, value] of Object.entries(upload.headers)) {
      // Browsers set Content-Length themselves from the body (and refuse to be told).
      if (name.toLowerCase() !== "content-length") xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : body.byteLength);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText)?.[1];
      reject(new Error(`The storage service refused the upload with ${xhr.status}${code ? ` (${code})` : ""}.`));
    };
    xhr.onerror = () => reject(new Error("The upload failed: the storage service could not be reached (network or CORS)."));
    xhr.send(body);
  });
}

/** Hash, presign, upload, then the order that claims the upload. */
export async function placeLargeOrder(api: OrdersApi, bytes: ArrayBuffer, progress: UploadProgress): Promise<UploadedOrder> {
  progress.step("Computing the SHA-256 of the file…", 0);
  const sha256 = await sha256Hex(bytes);
  progress.step("Requesting an upload URL…");
  const upload = await api.presign({ contentType: "application/json", size: bytes.byteLength, sha256 });
  await putWithProgress(api.url(upload.url), upload, bytes, (sent, total) => progress.uploaded(sent, total));
  progress.step(`Uploaded ${formatBytes(bytes.byteLength)}. Placing the order…`, 100);
  return { payloadKey: upload.key, size: bytes.byteLength, sha256 };
}
