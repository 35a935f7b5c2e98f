export { setup as default } from "./emulator-global";
