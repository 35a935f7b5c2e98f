import { App } from "cdktf";
import { allEnvironments, ClaimCheckStack } from "./environments";
import { allOrdersEnvironments, OrdersStack } from "./environments/orders";

// Registers one stack per environment: `cdktf synth` writes all three, `cdktf deploy dev` deploys one.
const app = new App();
for (const config of allEnvironments()) {
  new ClaimCheckStack(app, config);
}
for (const config of allOrdersEnvironments()) {
  new OrdersStack(app, config);
}
app.synth();
