import { App } from "cdktf";
import { allEnvironments } from "./environments";
import { addAllStacks, allOrdersEnvironments } from "./environments/orders";

// The place where stacks are registered. One stack per environment and application: `cdktf synth` writes
// all of them, `cdktf deploy dev` or `cdktf deploy orders-dev` deploys one. Every environment of both is
// checked before synth reports problems, so one run lists them all.
const app = new App();
addAllStacks(app, allEnvironments(), allOrdersEnvironments());
app.synth();
