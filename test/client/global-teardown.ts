export { teardown as default } from "./emulator-global";
