import { App } from "cdktf";
import { allEnvironments, ClaimCheckStack } from "./environments";

// Registers one stack per environment: `cdktf synth` writes all three, `cdktf deploy dev` deploys one.
const app = new App();
for (const config of allEnvironments()) {
  new ClaimCheckStack(app, config);
}
app.synth();
