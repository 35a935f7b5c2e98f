// Benchmark child: the raw SDK doing the same as stream-claim-check.ts: lib-storage Upload ("up") or
// GetObject ("down") of 1 GiB, alone in its process, as compiled JS; prints its peak RSS (VmHWM).
import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { createClients, DEFAULT_PART_SIZE } from "../../client";
import { recycledStream } from "../local/generated-stream";
import { drain, RAW_KEY, runChild, STREAM_BYTES } from "./stream-common";

runChild({
  up: async (local) => {
    const { s3 } = createClients(local.connection);
    const params = {
      Bucket: local.config.bucketName,
      Key: RAW_KEY,
      Body: recycledStream(STREAM_BYTES),
      ServerSideEncryption: "aws:kms" as const,
      SSEKMSKeyId: local.config.kmsKeyArn,
    };
    await new Upload({ client: s3, params, partSize: DEFAULT_PART_SIZE, queueSize: 4 }).done();
    return STREAM_BYTES;
  },
  down: async (local) => {
    const { s3 } = createClients(local.connection);
    const bytes = await drain((await s3.send(new GetObjectCommand({ Bucket: local.config.bucketName, Key: RAW_KEY }))).Body as Readable);
    await s3.send(new DeleteObjectCommand({ Bucket: local.config.bucketName, Key: RAW_KEY }));
    return bytes;
  },
});
