#include "CoreDumps.h"

#include "Logging.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

// LeakSanitizer inspects the process through ptrace, which a process that
// is not dumpable refuses.
#if defined(__SANITIZE_ADDRESS__)
#define BREEZEE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BREEZEE_SANITIZED 1
#endif
#endif

namespace Breezee {

void disableCoreDumps()
{
    if (qEnvironmentVariableIntValue("BREEZEE_ALLOW_CORE_DUMPS") == 1)
        return;

#if defined(Q_OS_UNIX)
    const rlimit none{0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        qCWarning(lcCli) << "setting the core file limit to 0 failed";
#endif

#if defined(Q_OS_LINUX) && !defined(BREEZEE_SANITIZED)
    // A core_pattern that pipes the dump to a program may not apply the
    // limit above (see core(5)).
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        qCWarning(lcCli) << "marking the process as not dumpable failed";
#endif
}

} // namespace Breezee
