#pragma once

namespace Breezee {

// Keeps access tokens in memory out of core files after a crash. Sets the
// core file limit to 0 and, on Linux outside sanitizer builds, marks the
// process as not dumpable. BREEZEE_ALLOW_CORE_DUMPS=1 in the environment
// keeps core files for debugging. Both executables call it first.
void disableCoreDumps();

} // namespace Breezee
