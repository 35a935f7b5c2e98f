/** The application's Lambda functions: role key -> handler module (apps/orders/functions/<module>.ts) and settings. */
export const FUNCTIONS = {
  presignedUrl: { module: "presigned-url", description: "POST /presigned-url (GeneratePresignedUrl)", timeoutSeconds: 10 },
  createOrder: { module: "create-order", description: "POST /orders: conditional claim check + Idempotency-Key", timeoutSeconds: 15 },
  getOrder: { module: "get-order", description: "GET /orders and GET /orders/{orderId}", timeoutSeconds: 10 },
  startExecution: { module: "start-execution", description: "SQS claim queue -> one workflow execution per claim", timeoutSeconds: 15 },
  saveOrder: { module: "save-order", description: "Workflow: verify and save the order", timeoutSeconds: 30 },
  processPayment: { module: "process-payment", description: "Workflow: simulated payment", timeoutSeconds: 10 },
  updateOrder: { module: "update-order", description: "Workflow: final status", timeoutSeconds: 10 },
  failOrder: { module: "fail-order", description: "Workflow: failure branch", timeoutSeconds: 10 },
  wsAuthorizer: { module: "ws-authorizer", description: "WebSocket $connect JWT authorizer", timeoutSeconds: 10 },
  wsConnect: { module: "ws-connect", description: "WebSocket $connect", timeoutSeconds: 5 },
  wsDisconnect: { module: "ws-disconnect", description: "WebSocket $disconnect", timeoutSeconds: 10 },
  wsSubscribe: { module: "ws-subscribe", description: "WebSocket subscribe / $default (WebSocketIDMessage)", timeoutSeconds: 10 },
  webhookDispatcher: { module: "webhook-dispatcher", description: "Webhook outbox -> Standard Webhooks deliveries", timeoutSeconds: 60 },
} as const;

export type FunctionRole = keyof typeof FUNCTIONS;
export const FUNCTION_ROLES = Object.keys(FUNCTIONS) as FunctionRole[];
