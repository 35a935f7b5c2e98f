// CPU seconds from Linux's /proc/self/stat (user and system time, in USER_HZ ticks of 1/100 s), for
// `npm run test:times` and the jest environment that reports each test file's CPU. Undefined off Linux.
const { readFileSync } = require("node:fs");

/** This process's own CPU (own: true) and/or that of its children that have ended and been waited for. */
function procCpuSeconds({ own, children }) {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    const ticks = [...(own ? [fields[11], fields[12]] : []), ...(children ? [fields[13], fields[14]] : [])];
    return ticks.reduce((sum, tick) => sum + Number(tick), 0) / 100;
  } catch {
    return undefined;
  }
}

module.exports = { procCpuSeconds };
