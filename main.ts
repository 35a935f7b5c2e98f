import { App } from "cdktf";
import { addEnvironmentStacks, allEnvironments } from "./environments";
import { allOrdersEnvironments, OrdersStack } from "./environments/orders";

// The place where stacks are registered. One stack per environment: `cdktf synth` writes all of
// them, `cdktf deploy dev` deploys one. Every environment is checked before synth reports problems.
const app = new App();
addEnvironmentStacks(app, allEnvironments());
for (const config of allOrdersEnvironments()) {
  new OrdersStack(app, config);
}
app.synth();
