/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension (a layer the
 * construct attaches): a local HTTP call, no SDK client, cached by the extension.
 */
export async function secretFromLambdaExtension(secretId: string, fetcher: typeof fetch = fetch): Promise<string> {
  if (!secretId) throw new Error("WEBHOOK_SECRET_ID is not set");
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? "2773";
  const response = await fetcher(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`, {
    headers: { "X-Aws-Parameters-Secrets-Token": process.env.AWS_SESSION_TOKEN ?? "" },
  });
  if (!response.ok) throw new Error(`the secrets extension answered ${response.status} for ${secretId}`);
  const body = (await response.json()) as { SecretString?: string };
  if (!body.SecretString) throw new Error(`secret ${secretId} has no string value`);
  return body.SecretString;
}
